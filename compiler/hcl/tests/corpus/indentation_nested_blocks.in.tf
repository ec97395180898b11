resource "aws_security_group" "sg" {
name = "sg"
ingress {
from_port = 443
to_port = 443
protocol = "tcp"
cidr_blocks = ["0.0.0.0/0"]
}
        egress {
                    from_port = 0
  to_port = 0
       protocol = "-1"
}
}
