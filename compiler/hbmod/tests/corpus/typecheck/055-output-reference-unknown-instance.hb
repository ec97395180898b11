# expect: HB0041 at 17:29
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `site` is not an instance here: the first site is named `web`.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>

spa docs <
  folder                  = "./dist",
  domain                  = "docs.example.com",
  content_security_policy = site.url,
>
