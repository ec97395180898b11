# The smallest topic: an SNS topic encrypted with its own KMS key, with no
# subscribers yet (functions with `publishes = [order_events]` publish to it).
service orders <
  team = "orders-team",
>

topic order_events < >
