locals {
  a = var.enabled?1:0
  b = var.enabled ? "yes":"no"
  c = (
  var.enabled
  ? "multi"
  : "line"
  )
  d = var.x == null ? null : var.x
}
