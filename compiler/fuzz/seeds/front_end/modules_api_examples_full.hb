# Every parameter of api: four routes over two functions (a path parameter
# and a greedy proxy), a JWT authorizer, a custom domain in an explicit hosted
# zone, tighter throttling and two years of access logs.
service items <
  team  = "shop",
  owner = "shop@example.com",
>

function items_read <
  source  = "./src",
  runtime = nodejs22,
>

function items_write <
  source  = "./src",
  runtime = nodejs22,
>

api http <
  routes = {
    "GET /items"              = items_read,
    "GET /items/{id}"         = items_read,
    "PUT /items/{id}"         = items_write,
    "ANY /admin/{proxy+}"     = items_write,
  },
  public           = false,
  jwt_issuer       = "https://example.eu.auth0.com/",
  jwt_audience     = ["https://api.example.com", "items-cli"],
  domain           = "api.shop.example.com",
  zone             = "example.com",
  throttling_burst = 50,
  throttling_rate  = 20,
  log_retention    = 731d,
>
