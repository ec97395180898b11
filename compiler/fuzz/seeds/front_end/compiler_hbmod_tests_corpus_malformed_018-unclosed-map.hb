# expect: HB0015 at 4:55
function api <
  handler = "index.handler",
  environment = { TABLE = orders.name, STAGE = "prod",
>
