# expect: HB0035 at 12:5, HB0035 at 13:5
# files: services/web/src/index.mjs
service web <
  team = "frontend",
  owner = "frontend@example.com",
>

function worker <
  source      = "./src",
  runtime     = nodejs22,
  environment = {
    "a b$"     = "spaces and dollars",
    AWS_REGION = "eu-west-1",
    GOOD_KEY   = "fine",
  },
>
