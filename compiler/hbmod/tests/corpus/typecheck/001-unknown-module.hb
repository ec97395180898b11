# expect: HB0031 at 9:1
# files: services/web/dist/index.html
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# `sap` is a typo for `spa`.
sap web <
  folder = "./dist",
  domain = "app.example.com",
>
