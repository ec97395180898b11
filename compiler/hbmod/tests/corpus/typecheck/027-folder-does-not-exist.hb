# expect: HB0038 at 10:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The site was built into `dist`, not `build`.
spa web <
  folder = "./build",
  domain = "app.example.com",
>
