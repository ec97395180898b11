locals {
  a = 1
  # a comment line breaks the run
  bbbbbbbbbb = 2
  ccc = 3
  // slash comment
  dd = 4
  /* block comment */
  eeeeeee = 5
}
