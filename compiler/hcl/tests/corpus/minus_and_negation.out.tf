locals {
  a = var.x-1
  b = var.x - -1
  c = [-1, -var.x]
  d = var.x * -1
  e = f(-1)
  f = var.x == -1
  g = var.x ? -1 : -2
  h = (var.a) - (var.b)
  i = var.list[0] - 1
  j = -(var.x)
}
