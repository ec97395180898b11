# expect: nothing
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A value that differs per environment becomes a variable set by the tfvars files.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>

env production <
  web.price_class = all,
>
