# The smallest rule: every 5 minutes, EventBridge puts an event on the queue
# `ticks` (whose policy lets exactly this rule send). Events it cannot deliver
# are retried for up to 24 hours, then kept 14 days in the rule's encrypted
# dead-letter queue.
service orders <
  team = "orders-team",
>

queue ticks < >

rule every_five_minutes <
  schedule = "rate(5 minutes)",
  target   = ticks,
>
