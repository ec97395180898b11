# expect: HB0034 at 16:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Another site's `url` output (an https URL) is not a domain name.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>

spa docs <
  folder = "./dist",
  domain = web.url,
>
