locals {
  a = 1.5
  b = 1e10
  c = 2.5E-3
  d = null
  e = true
  f = false
  g = 0
}
