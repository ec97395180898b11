# expect: HB0029 at 4:56
function api <
  handler = "index.handler",
  environment = { STAGE = "prod", TABLE = orders.name, STAGE = "staging" },
>
