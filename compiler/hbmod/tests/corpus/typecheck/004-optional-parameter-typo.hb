# expect: HB0032 at 12:3
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `log_retension` is a typo for the optional `log_retention`.
spa web <
  folder        = "./dist",
  domain        = "app.example.com",
  log_retension = 30d,
>
