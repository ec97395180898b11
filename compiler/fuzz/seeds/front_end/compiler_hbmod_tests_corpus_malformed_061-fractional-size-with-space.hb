# expect: HB0026 at 4:12
function api <
  handler = "index.handler",
  memory = 1.5 GB,
>
