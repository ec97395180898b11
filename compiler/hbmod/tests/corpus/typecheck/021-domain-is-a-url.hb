# expect: HB0035 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The site's URL instead of its host name.
spa web <
  folder = "./dist",
  domain = "https://app.example.com/",
>
