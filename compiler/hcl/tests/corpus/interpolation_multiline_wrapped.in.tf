locals {
  a = "${
    var.x
  }"
}
resource "x" "y" {
  a = "${var.enabled ?
    "on" : "off"}"
  b = "${
    var.x
    }"
  c = "${(var.a +
    var.b)}"
}
