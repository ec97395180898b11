# expect: HB0046 at 3:1
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  owner = "frontend@example.com",
>

# The header names an owner but no team.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>
