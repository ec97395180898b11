# expect: HB0010 at 4:15
function api <
  handler = "index.handler",
  memory = 256mb,
>
