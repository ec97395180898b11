# expect: HB0034 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A domain written without quotes reads as a reference `example.com`.
spa web <
  folder = "./dist",
  domain = example.com,
>
