locals {
  a = max(1, 2, 3)
  b = concat(var.a, var.b)
  c = format("%s-%s", var.prefix, var.name)
  d = merge(var.tags, { Name = "x" })
  e = length([])
  f = coalesce(var.list...)
  g = provider::aws::arn_parse(var.arn)
}
