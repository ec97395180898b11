# Click tracking: an HTTP function writing to a table, with a queue for late events.

service clicks <
  team = "analytics",
  owner = "jane@example.com",
>

# Where every click ends up.
table events <
  partition_key = "site_id",
  sort_key = "received_at",
  ttl_attribute = "expires_at",
  point_in_time_recovery = true,
>

function click_api <
  handler = "index.handler",
  runtime = "nodejs20.x",
  memory = 256MB,
  timeout = 10s,
  reserved_concurrency = 1_000,
  environment = {
    TABLE = events.name,
    LOG_LEVEL = "info",
    "x-sampling" = 10, # quoted key: not a valid name
  },
  routes = ["POST /click", "GET /health"],
>

queue late_events <
  visibility_timeout = 30s,
  retention = 14d,
  max_receive_count = 5,
  consumer = click_api.arn,
>

env staging <
  click_api.memory = 128MB,
  click_api.reserved_concurrency = 10,
>

env production <
  click_api.memory = 1GB,
  click_api.timeout = 250ms, # tight on purpose
>
