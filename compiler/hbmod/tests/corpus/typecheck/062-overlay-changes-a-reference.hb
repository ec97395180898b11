# expect: HB0047 at 19:21
# files: services/web/src/index.mjs
service web <
  team = "frontend",
>

queue main < >

queue test < >

function worker <
  source   = "./src",
  runtime  = nodejs22,
  consumes = [main],
>

# Wiring cannot differ per environment: one configuration serves them all.
env playground <
  worker.consumes = [test],
>
