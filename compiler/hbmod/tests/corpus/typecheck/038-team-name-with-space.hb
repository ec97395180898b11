# expect: HB0035 at 4:11
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "Web Team",
  owner = "frontend@example.com",
>

# A display name instead of the team's identifier.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>
