# expect: HB0036 at 12:17
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Enum members are lowercase: `All` should be `all`.
spa web <
  folder      = "./dist",
  domain      = "app.example.com",
  price_class = All,
>
