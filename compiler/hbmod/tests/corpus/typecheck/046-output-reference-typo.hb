# expect: HB0045 at 16:16
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `web.domain` is not an output of `spa` (its outputs are url, distribution_id, bucket).
spa web <
  folder = "./dist",
  domain = "app.example.com",
>

spa docs <
  folder = "./dist",
  domain = web.domain,
>
