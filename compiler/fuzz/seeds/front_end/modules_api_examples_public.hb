# An unauthenticated API (a public webhook or health endpoint): the spec must
# say public = true; without it, hbmod asks for a JWT issuer.
service status <
  team  = "platform",
  owner = "platform@example.com",
>

function health <
  source  = "./src",
  runtime = nodejs22,
>

api http <
  routes = { "GET /health" = health },
  public = true,
>
