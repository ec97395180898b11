# expect: HB0034 at 12:13
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# One alias written without the list brackets.
spa web <
  folder  = "./dist",
  domain  = "app.example.com",
  aliases = "www.app.example.com",
>
