resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
  Version = "2012-10-17"
  Statement = [
  {
  Effect = "Allow"
  Action = ["s3:GetObject","s3:ListBucket"]
  Resource = [
  aws_s3_bucket.b.arn,
  "${aws_s3_bucket.b.arn}/*",
  ]
  Condition = {
  StringEquals = {
  "aws:SourceAccount" = data.aws_caller_identity.current.account_id
  }
  }
  },
  ]
  })
}
