# expect: HB0030 at 2:8
spa web
  folder = "./dist",
  domain = "app.example.com",
>
