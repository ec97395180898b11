# expect: nothing
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The smallest valid spec: defaults for everything optional.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>
