# expect: HB0032 at 10:3
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `fodler` is a typo for `folder`.
spa web <
  fodler = "./dist",
  domain = "app.example.com",
>
