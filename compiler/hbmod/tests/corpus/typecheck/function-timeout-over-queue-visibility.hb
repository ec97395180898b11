# expect: HB0070 at 10:14
# files: services/web/src/index.mjs
# A function may run longer than its queue hides a message: Lambda refuses the trigger.
service jobs < team = "platform" >

queue jobs < >

function worker <
  source   = "./src",
  timeout  = 5m,
  runtime  = nodejs22,
  consumes = [jobs],
>
