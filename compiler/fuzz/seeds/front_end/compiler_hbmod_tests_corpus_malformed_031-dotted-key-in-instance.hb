# expect: HB0022 at 4:3
spa web <
  folder = "./dist",
  web.domain = "app.example.com",
>
