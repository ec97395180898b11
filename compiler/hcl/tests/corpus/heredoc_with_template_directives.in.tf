locals {
  script = <<-EOT
    %{ for s in var.servers ~}
    server ${ s.name } ${s.ip}
    %{ endfor ~}
    %{if var.debug}debug=true%{else}debug=false%{endif}
  EOT
}
