locals {
  m = {
    a: 1
    bbb: 2
    "c" : 3
  }
}
