# expect: HB0044 at 12:14
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# www.other.org is not in the hosted zone of app.example.com (example.com).
spa web <
  folder  = "./dist",
  domain  = "app.example.com",
  aliases = ["www.other.org"],
>
