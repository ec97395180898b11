variable "a" {}
variable "b" {   }
variable "c" { default = 1 }
locals {    x = 1    }
resource "x" "y" {
  lifecycle {   ignore_changes = [tags]   }
  timeouts {}
}
