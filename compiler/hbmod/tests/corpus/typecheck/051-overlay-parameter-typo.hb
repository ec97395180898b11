# expect: HB0032 at 15:7
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A typo in an overlay's parameter.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>

env playground <
  web.domian = "app.playground.example.com",
>
