locals {
  a = {    # comment after brace
    b  = 1 # one
    cc = 2 # two
  }
  list = [ # list comment
    1,     # first
    22,    # second
  ]
}
