# expect: HB0035 at 12:14
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A wildcard alias: each name must be written in full.
spa web <
  folder  = "./dist",
  domain  = "app.example.com",
  aliases = ["*.app.example.com"],
>
