# expect: HB0011 at 4:13
function api <
  handler = "index.handler",
  memory = 1.5 GB,
>
