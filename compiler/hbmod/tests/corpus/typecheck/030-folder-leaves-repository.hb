# expect: HB0039 at 10:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `..` climbs above the repository root.
spa web <
  folder = "../../../etc",
  domain = "app.example.com",
>
