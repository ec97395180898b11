locals {
  a = var.list[0]
  b = var.map["key"]
  c = aws_instance.web[*].id
  d = aws_instance.web.*.id
  e = var.list[0]
  f = var.nested[0][1]
  g = module.x.outputs[count.index].name
  h = var.obj.attr.sub
  i = local.items[each.key]
  j = [for x in var.l : x][0]
  k = var.list.0
}
