# expect: HB0035 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Domain names must be lowercase.
spa web <
  folder = "./dist",
  domain = "App.Example.com",
>
