locals {
  a = 1+2*3-4/5%6
  b = var.x==1&&var.y!=2||!var.z
  c = var.a>=1 && var.b<=2 && var.c>3 && var.d<4
  d = -1
  e = 5 - -1
  f = (1+2)*-3
  g = !true
  h = [-1, - 2]
  i = var.x ? -1 : 1
  j = max(-1,-2)
}
