# expect: HB0003 at 4:26
function api <
  handler = "index.handler",
  environment = { "STAGE": "prod" },
>
