# expect: HB0016 at 7:5
function api <
  handler = "index.handler",
>

env production <
  apі.memory = 1GB,
>
