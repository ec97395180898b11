# expect: HB0015 at 5:17
function api <
  handler = "index.handler",
  environment = { STAGE = "prod", TABLE = orders.name,
  timeout = 10s,
>
