locals {
  a = merge({
  x = 1
  }, {
  y = 2
  })
  b = [[
  1,
  ]]
  c = jsonencode([{
  a = 1
  }])
}
