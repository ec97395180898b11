# expect: HB0035 at 15:16
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# An overlay value is checked like the instance's own: here an uppercase domain.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>

env playground <
  web.domain = "App.playground.example.com",
>
