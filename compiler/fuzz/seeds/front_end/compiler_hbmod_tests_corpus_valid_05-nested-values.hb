# Lists and maps, nested, with comments inside them.
function router <
  handler = "router.handler",
  rules = [
    # most specific first
    { path = "/api/*", target = api.url, methods = ["GET", "POST"] },
    { path = "/static/*", target = assets.url, cache = { ttl = 1d, vary = [] } }, # cached
    { path = "/*", target = web.url },
  ],
  tags = { team = "platform", "cost-center" = "1234", flags = { beta = true } },
  empty_map = {},
  empty_list = [],
  matrix = [[1, 2], [3, 4], []],
>

spa web <
  folder = "./dist",
>

spa assets <
  folder = "./static",
>

function api <
  handler = "api.handler",
  memory = 512MB, # enough for the PDF renderer
>
