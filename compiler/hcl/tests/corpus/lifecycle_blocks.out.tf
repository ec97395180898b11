resource "aws_instance" "x" {
  ami = "x"
  lifecycle {
    create_before_destroy = true
    prevent_destroy       = false
    ignore_changes = [
      tags,
      user_data,
    ]
    replace_triggered_by = [aws_instance.y.id]
    precondition {
      condition     = var.x > 0
      error_message = "x must be positive."
    }
  }
}
