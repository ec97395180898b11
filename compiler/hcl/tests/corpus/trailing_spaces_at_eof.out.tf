locals {
  a = 1
}
       