# The smallest table: items keyed by user_id (a string), on-demand billing,
# its own KMS key, 35 days of point-in-time recovery, deletion protection.
service orders <
  team = "orders-team",
>

table users <
  partition_key = "user_id",
>
