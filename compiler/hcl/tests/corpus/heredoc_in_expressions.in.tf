locals {
  list = [<<EOT
one
EOT
    , "two"]
  call = trimspace(<<-EOT
    hello
  EOT
  )
  obj = {
    a = <<EOT
x
EOT
    bb = 2
  }
}
