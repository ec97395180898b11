# expect: HB0007 at 4:34
function api <
  handler = "index.handler",
  environment = { STAGE = "prod",, TABLE = orders.name },
>
