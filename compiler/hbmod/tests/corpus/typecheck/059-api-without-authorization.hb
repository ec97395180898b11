# expect: HB0052 at 14:1
# files: services/web/src/index.mjs
service web <
  team = "frontend",
>

function orders <
  source  = "./src",
  runtime = nodejs22,
>

# Neither a JWT issuer nor `public = true`: the api module refuses to guess
# whether the routes should be open.
api http <
  routes = { "POST /orders" = orders },
>
