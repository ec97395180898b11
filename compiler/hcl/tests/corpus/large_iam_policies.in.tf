data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
}

resource "aws_iam_role" "app" {
  name = "app-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action = "sts:AssumeRole"
    }]
  })
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "app" {
  name = "app-inline"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid = "ReadConfig"
        Effect = "Allow"
        Action = [
          "ssm:GetParameter",
          "ssm:GetParameters",
          "ssm:GetParametersByPath",
        ]
        Resource = "arn:${local.partition}:ssm:*:${local.account_id}:parameter/app/*"
      },
      {
        Sid = "Logs"
        Effect = "Allow"
        Action = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:RequestedRegion" = ["eu-west-1", "us-east-1"]
          }
          Bool = { "aws:SecureTransport" = "true" }
        }
      },
      {
        Sid = "KMS"
        Effect = "Allow"
        Action = "kms:Decrypt"
        Resource = var.kms_key_arn != null ? [var.kms_key_arn] : []
      },
    ]
  })
}

resource "aws_iam_policy" "boundary" {
  name = "boundary"
  path = "/"
  description = "Permissions boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      for s in var.statements : {
        Effect = s.effect
        Action = s.actions
        Resource = s.resources
      }
    ]
  })
  tags = { Owner = "security", Tier = "iam" }
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AWSLambdaExecute",
    "arn:aws:iam::aws:policy/AmazonSQSFullAccess",
  ])
  role = aws_iam_role.app.name
  policy_arn = each.value
}
