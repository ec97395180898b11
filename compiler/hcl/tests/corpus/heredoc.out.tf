resource "aws_instance" "x" {
  user_data         = <<EOT
#!/bin/bash
   echo "hello ${var.name}"
  ${var.extra}
EOT
  policy            = <<-EOF
      {
        "a": 1
      }
      EOF
  short             = "x"
  another_long_name = <<EOT
text
EOT
  after             = 1
}
