# expect: HB0001 at 2:1
resource "aws_s3_bucket" "assets" {
  bucket = "assets"
}

spa web <
  folder = "./dist",
>
