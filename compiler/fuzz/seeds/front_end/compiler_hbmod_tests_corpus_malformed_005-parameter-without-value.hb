# expect: HB0004 at 4:9
function api <
  handler = "index.handler",
  memory,
  timeout = 10s,
>
