# expect: HB0035 at 11:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A fully-qualified name with the root dot, copied from a DNS console.
spa web <
  folder = "./dist",
  domain = "app.example.com.",
>
