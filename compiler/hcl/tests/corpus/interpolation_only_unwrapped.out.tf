resource "aws_instance" "x" {
  ami   = var.ami
  name  = "${var.prefix}-web"
  count = length(var.list)
  tags = {
    Name = "${var.name}"
  }
  list   = ["${var.a}"]
  nested = lookup(var.m, "k")
  two    = "${var.a}${var.b}"
}
