# expect: HB0004 at 4:26, HB0001 at 4:26, HB0004 at 4:34
function api <
  handler = "index.handler",
  environment = { "STAGE": "prod" },
>
