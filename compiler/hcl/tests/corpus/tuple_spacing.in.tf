locals {
  a = [ 1,2 ,3 ]
  b = [  ]
  c = ["a" , "b"]
  d = [ [1,2], [ 3 ] ]
  e = [for x in var.list : x]
}
