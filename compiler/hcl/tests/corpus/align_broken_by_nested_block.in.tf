resource "aws_s3_bucket" "b" {
  bucket = "my-bucket"
  force_destroy = true
  tags {
    Name = "x"
    Environment = "prod"
  }
  acl = "private"
  object_lock_enabled = false
}
