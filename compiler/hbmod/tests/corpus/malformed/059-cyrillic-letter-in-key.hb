# expect: HB0023 at 7:3, HB0004 at 7:5, HB0001 at 7:5, HB0023 at 7:7
function api <
  handler = "index.handler",
>

env production <
  apі.memory = 1GB,
>
