# expect: HB0005 at 4:15, HB0004 at 4:23
function api <
  handler = "index.handler",
  timeout = 10 seconds,
>
