# expect: HB0035 at 11:17, HB0036 at 12:17
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Two unrelated mistakes in one instance: both are reported, in source order.
spa web <
  folder      = "./dist",
  domain      = "App.example.com",
  price_class = everywhere,
>
