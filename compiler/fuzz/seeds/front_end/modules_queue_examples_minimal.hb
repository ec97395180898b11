# The smallest queue: a standard SQS queue with its dead-letter queue, both
# encrypted with their own KMS key; messages kept 4 days, retried 5 times.
service orders <
  team = "orders-team",
>

queue jobs < >
