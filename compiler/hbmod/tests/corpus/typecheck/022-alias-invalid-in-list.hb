# expect: HB0035 at 12:37
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The second alias is invalid: the error points at that element.
spa web <
  folder  = "./dist",
  domain  = "app.example.com",
  aliases = ["www.app.example.com", "WWW2.app.example.com"],
>
