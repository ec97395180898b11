# expect: HB0011 at 4:15
function api <
  handler = "index.handler",
  timeout = 10 seconds,
>
