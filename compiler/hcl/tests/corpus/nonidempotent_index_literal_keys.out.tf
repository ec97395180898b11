locals {
  a = var.map["key"]
  b = var.list[0].name
  c = var.weird[]
  d = var.weird[].x
  e = [for v in var.l : v[false]]
  f = var.x[]
  g = f(var.y[])[true]
  h = var.z[(true)]
}
