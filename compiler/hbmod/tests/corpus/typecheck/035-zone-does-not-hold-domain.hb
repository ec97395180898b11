# expect: HB0044 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The hosted zone example.org cannot hold app.example.com.
spa web <
  folder = "./dist",
  domain = "app.example.com",
  zone   = "example.org",
>
