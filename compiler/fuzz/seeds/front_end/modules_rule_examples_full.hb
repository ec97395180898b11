# Every parameter of rule: S3 "Object Created" events for one bucket (the
# bucket must have EventBridge notifications on) go to a FIFO queue, in one
# message group, in order. Undeliverable events are retried 10 times within an
# hour, then land in the rule's dead-letter queue. The rule starts disabled.
service orders <
  team  = "orders-team",
  owner = "orders-team@example.com",
>

queue uploads <
  fifo                        = true,
  content_based_deduplication = true,
>

rule upload_created <
  target         = uploads,
  event_pattern  = { source = ["aws.s3"], "detail-type" = ["Object Created"] },
  event_detail   = "{\"bucket\":{\"name\":[\"orders-team-orders-uploads\"]},\"object\":{\"key\":[{\"prefix\":\"incoming/\"}]}}",
  enabled        = false,
  retry_max_age  = 1h,
  retry_attempts = 10,
>
