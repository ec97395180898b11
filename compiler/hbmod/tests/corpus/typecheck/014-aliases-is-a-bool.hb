# expect: HB0034 at 12:13
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `aliases` takes a list of names, not a switch.
spa web <
  folder  = "./dist",
  domain  = "app.example.com",
  aliases = true,
>
