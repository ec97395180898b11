# expect: HB0034 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A number where a domain name is expected.
spa web <
  folder = "./dist",
  domain = 8080,
>
