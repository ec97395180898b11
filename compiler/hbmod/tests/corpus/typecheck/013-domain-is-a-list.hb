# expect: HB0034 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Two names given to `domain`; the second belongs in `aliases`.
spa web <
  folder = "./dist",
  domain = ["app.example.com", "www.app.example.com"],
>
