# expect: HB0037 at 12:19
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Eleven years is above the 3650d maximum.
spa web <
  folder        = "./dist",
  domain        = "app.example.com",
  log_retention = 4015d,
>
