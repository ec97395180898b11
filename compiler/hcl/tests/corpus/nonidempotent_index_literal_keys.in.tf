locals {
  a = var.map[ "key" ]
  b = var.list[ 0 ].name
  c = var.weird[true]
  d = var.weird[ null ].x
  e = [for v in var.l : v[false]]
  f = "${var.x[true]}"
  g = f(var.y[false])[true]
  h = var.z[(true)]
}
