variable "no_trailing_newline" {
  default = 1
}