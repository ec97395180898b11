# expect: HB0035 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `_` is not allowed in a host name.
spa web <
  folder = "./dist",
  domain = "my_app.example.com",
>
