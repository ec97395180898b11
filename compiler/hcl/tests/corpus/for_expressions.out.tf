locals {
  a = [for s in var.list : upper(s)]
  b = { for k, v in var.map : k => v }
  c = [for i, x in var.list : x if i > 0]
  d = { for k, v in var.map : v => k... }
  e = [
    for x in var.list :
    x * 2
  ]
  f = { for item in var.items : item.name => item
  if item.enabled }
  g = [for x in [1, 2] : x]
}
