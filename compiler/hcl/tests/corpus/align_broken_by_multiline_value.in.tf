resource "aws_lb" "x" {
  name = "lb"
  subnets = [
    "a",
    "b",
  ]
  internal = false
  load_balancer_type = "application"
  tags = {
    Name = "lb"
    Team = "platform"
  }
  idle_timeout = 60
}
