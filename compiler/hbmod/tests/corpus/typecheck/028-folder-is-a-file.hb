# expect: HB0038 at 10:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The folder's index.html instead of the folder.
spa web <
  folder = "./dist/index.html",
  domain = "app.example.com",
>
