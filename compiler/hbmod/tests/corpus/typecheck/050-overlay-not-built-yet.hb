# expect: HB0047 at 15:3
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Per-environment values are checked but cannot be built yet.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>

env production <
  web.price_class = all,
>
