locals {
  a = { x = 1, y = "two" }
  b = {}
  c = {}
  d = { x = 1 }
  e = { "k" = "v" }
}
