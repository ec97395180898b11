# Every parameter of queue: a FIFO queue with content-based deduplication,
# messages kept 7 days, hidden 3 minutes while a consumer works on them (at
# least 6 times a 30 s Lambda timeout), moved to the dead-letter queue after
# 3 failed receives.
service orders <
  team  = "orders-team",
  owner = "orders-team@example.com",
>

queue payments <
  fifo                        = true,
  content_based_deduplication = true,
  retention                   = 7d,
  visibility_timeout          = 3m,
  max_receive_count           = 3,
>
