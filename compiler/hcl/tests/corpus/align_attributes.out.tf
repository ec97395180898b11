resource "aws_instance" "web" {
  ami                         = "ami-123"
  instance_type               = "t3.micro"
  subnet_id                   = var.subnet_id
  associate_public_ip_address = true
}
