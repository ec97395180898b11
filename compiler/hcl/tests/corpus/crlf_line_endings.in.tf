variable "crlf" {
    default   = 1
  description="x" # c
}
