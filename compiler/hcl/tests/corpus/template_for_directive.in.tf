locals {
  a = "%{ for ip in var.ips }server ${ip}\n%{ endfor }"
  b = <<EOT
%{~ for k, v in var.map ~}
${ k }=${ v }
%{~ endfor ~}
EOT
  c = "${ { a = 1 } }"
  d = [for x in[1, 2]: x]
}
