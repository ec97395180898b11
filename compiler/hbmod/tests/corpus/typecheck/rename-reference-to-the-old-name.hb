# expect: HB0041 at 17:13
# files: services/web/src/index.mjs
service web <
  team = "frontend",
>

queue jobs < > was work

function worker <
  source   = "./src",
  runtime  = nodejs22,
  consumes = [jobs],
>

function feeder <
  source = "./src",
  sends  = [work],
  runtime = nodejs22,
>
