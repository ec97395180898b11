output "id" {
value = aws_instance.x.id
description = "The id"
sensitive = true
}
output "map" {
  value = { for k, v in aws_instance.x : k => v.id }
}
