# expect: HB0036 at 12:17
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# There is no `europe` price class (Europe is in `us_eu`).
spa web <
  folder      = "./dist",
  domain      = "app.example.com",
  price_class = europe,
>
