# expect: HB0034 at 12:17
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# An unknown price class, quoted.
spa web <
  folder      = "./dist",
  domain      = "app.example.com",
  price_class = "europe",
>
