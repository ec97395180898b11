# Integers, durations and sizes in every unit.
cron nightly_report <
  schedule = "cron(0 3 * * ? *)",
  jitter = 250ms,
  timeout = 15m,
  retry_delay = 2h,
  keep_results = 30d,
  grace = 45s,
  max_retries = 3,
  priority = -3,
  batch = 10_000,
  zero = 0,
  largest = 9223372036854775807,
  smallest = -9223372036854775808,
>

bucket archive <
  object_min = 100B,
  chunk = 512KB,
  cache = 64MB,
  quota = 2TB,
  warn_at = 1_500GB,
  versioning = false,
>
