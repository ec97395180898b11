# expect: HB0039 at 10:12
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# An absolute path.
spa web <
  folder = "/etc/passwd",
  domain = "app.example.com",
>
