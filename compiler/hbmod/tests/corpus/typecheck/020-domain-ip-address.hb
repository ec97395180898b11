# expect: HB0035 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# An IP address instead of a domain name.
spa web <
  folder = "./dist",
  domain = "192.0.2.10",
>
