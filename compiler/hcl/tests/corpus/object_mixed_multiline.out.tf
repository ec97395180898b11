locals {
  o = { a = 1,
  b = 2 }
  p = {
    a = 1, b = 2
    c = 3
  }
  q = { a = { b = { c = 1 } } }
}
