# Every parameter of bucket: previous versions kept 90 days, scratch files and
# exports that expire, and two years of access logs.
service orders <
  team  = "orders-team",
  owner = "orders-team@example.com",
>

bucket documents <
  noncurrent_version_retention = 90d,
  expire_prefixes              = { "tmp/" = 7d, "exports/" = 90d },
  log_retention                = 730d,
>
