# expect: HB0053 at 12:5
# files: services/web/dist/index.html
service web <
  team = "frontend",
>

spa web <
  folder = "./dist",
  domain = "app.example.com",
>

env prod <
  web.domain = "example.com",
>
