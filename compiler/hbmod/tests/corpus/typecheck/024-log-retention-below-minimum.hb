# expect: HB0037 at 12:19
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Logs are kept in whole days: 12h is below the 1d minimum.
spa web <
  folder        = "./dist",
  domain        = "app.example.com",
  log_retention = 12h,
>
