# expect: HB0033 at 9:1
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# An instance with no parameters at all: `folder` and `domain` are required.
spa web < >
