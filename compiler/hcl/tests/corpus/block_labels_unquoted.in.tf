resource aws_instance web {
  ami = "x"
}
module   "m"    {
  source = "./m"
}
data "aws_ami" ubuntu {
  most_recent = true
}
