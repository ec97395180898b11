# expect: HB0034 at 10:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A path written without quotes.
spa web <
  folder = dist,
  domain = "app.example.com",
>
