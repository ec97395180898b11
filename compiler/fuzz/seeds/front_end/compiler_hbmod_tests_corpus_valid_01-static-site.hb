# The marketing site: a static single-page app behind a CDN.
service marketing <
  team = "growth",
  owner = "jane@example.com",
  description = "Public website for example.com",
>

spa web <
  folder = "./dist",
  domain = "app.example.com",
  price_class = all, # bare word, not a string
  spa_fallback = true,
  cache_ttl = 5m,
>

env production <
  web.domain = "example.com",
  web.cache_ttl = 1h,
>
