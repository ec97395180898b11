# expect: HB0032 at 11:3
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `domian` is a typo for `domain`.
spa web <
  folder = "./dist",
  domian = "app.example.com",
>
