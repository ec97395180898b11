# expect: HB0040 at 10:12
# files: services/web/dist/browser/index.html, services/web/dist/3rdpartylicenses.txt
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The build put index.html one level deeper (dist/browser/).
spa web <
  folder = "./dist",
  domain = "app.example.com",
>
