

variable "a" {}



variable "b" {
  default = 1


  description = "x"
}


