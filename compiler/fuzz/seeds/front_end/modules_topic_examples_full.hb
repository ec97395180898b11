# Fan-out: every order event goes to two queues, each with its own consumer
# and dead-letter queue. Raw message delivery hands the queues the published
# body as it is, without SNS's JSON envelope. The queues' policies let exactly
# this topic deliver (and its KMS key policy lets SNS encrypt for them).
service orders <
  team  = "orders-team",
  owner = "orders-team@example.com",
>

queue billing < >

queue shipping <
  visibility_timeout = 2m,
>

topic order_events <
  subscribers          = [billing, shipping],
  raw_message_delivery = true,
>
