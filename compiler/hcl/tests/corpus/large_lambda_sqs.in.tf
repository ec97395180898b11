variable "function_name" {
  type = string
}

variable "environment" {
  type = map(string)
  default = {}
  description = "Environment variables for the function"
}

variable "batch_size" {
  type = number
  default = 10

  validation {
    condition = var.batch_size > 0 && var.batch_size <= 10000
    error_message = "The batch size must be between 1 and 10000."
  }
}

resource "aws_sqs_queue" "dlq" {
  name = "${var.function_name}-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "queue" {
  name = "${var.function_name}-queue"
  visibility_timeout_seconds = 360
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount = 5
  })
}

data "archive_file" "zip" {
  type = "zip"
  source_dir = "${path.module}/src"
  output_path = "${path.module}/build/${var.function_name}.zip"
}

resource "aws_cloudwatch_log_group" "fn" {
  name = "/aws/lambda/${var.function_name}"
  retention_in_days = 14
}

resource "aws_lambda_function" "fn" {
  function_name = var.function_name
  role = aws_iam_role.app.arn
  handler = "index.handler"
  runtime = "python3.12"
  filename = data.archive_file.zip.output_path
  source_code_hash = data.archive_file.zip.output_base64sha256
  timeout = 60
  memory_size = 256
  architectures = ["arm64"]

  environment {
    variables = merge(var.environment, {
      QUEUE_URL = aws_sqs_queue.queue.url
      LOG_LEVEL = "INFO"
    })
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }

  depends_on = [aws_cloudwatch_log_group.fn]
}

resource "aws_lambda_event_source_mapping" "sqs" {
  event_source_arn = aws_sqs_queue.queue.arn
  function_name = aws_lambda_function.fn.arn
  batch_size = var.batch_size
  maximum_batching_window_in_seconds = 5
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = 10
  }
}

resource "aws_cloudwatch_metric_alarm" "dlq" {
  alarm_name = "${var.function_name}-dlq-not-empty"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods = 1
  metric_name = "ApproximateNumberOfMessagesVisible"
  namespace = "AWS/SQS"
  period = 300
  statistic = "Maximum"
  threshold = 0
  dimensions = {
    QueueName = aws_sqs_queue.dlq.name
  }
}

output "queue_url" {
  value = aws_sqs_queue.queue.url
}

output "function_arn" {
  value = aws_lambda_function.fn.arn
}
