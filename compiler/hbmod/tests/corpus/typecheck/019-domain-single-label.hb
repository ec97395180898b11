# expect: HB0035 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A single-label name cannot get a public certificate.
spa web <
  folder = "./dist",
  domain = "localhost",
>
