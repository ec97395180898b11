# expect: HB0034 at 12:19
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A duration without its unit (the developer meant 30 days).
spa web <
  folder        = "./dist",
  domain        = "app.example.com",
  log_retention = 30,
>
