# expect: HB0010 at 4:15
function api <
  handler = "index.handler",
  timeout = 30sec,
>
