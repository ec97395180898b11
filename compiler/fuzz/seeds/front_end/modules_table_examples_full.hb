# Every parameter of table: orders per customer sorted by time (a number),
# two indexes, item expiry, a stream of new and old images, a shorter PITR
# window, and provisioned capacity.
service orders <
  team  = "orders-team",
  owner = "orders-team@example.com",
>

table orders <
  partition_key      = "customer_id",
  partition_key_type = string,
  sort_key           = "created_at",
  sort_key_type      = number,
  indexes = {
    by_status = ["status", "created_at"],
    by_total  = ["customer_id", "total_cents"],
  },
  index_key_types               = { total_cents = number },
  ttl_attribute                 = "expires_at",
  stream                        = new_and_old_images,
  point_in_time_recovery_period = 14d,
  read_capacity                 = 10,
  write_capacity                = 5,
  deletion_protection           = true,
>
