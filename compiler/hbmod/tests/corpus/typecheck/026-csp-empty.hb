# expect: HB0037 at 12:29
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# An empty policy; leaving the parameter out gives the strict default.
spa web <
  folder                  = "./dist",
  domain                  = "app.example.com",
  content_security_policy = "",
>
