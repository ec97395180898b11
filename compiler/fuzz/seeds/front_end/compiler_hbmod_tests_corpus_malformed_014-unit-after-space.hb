# expect: HB0011 at 4:15
function api <
  handler = "index.handler",
  memory = 256 MB,
>
