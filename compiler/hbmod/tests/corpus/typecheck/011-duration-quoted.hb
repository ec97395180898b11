# expect: HB0034 at 12:19
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A duration written as a string.
spa web <
  folder        = "./dist",
  domain        = "app.example.com",
  log_retention = "30d",
>
