# expect: HB0005 at 3:20
spa web <
  folder = "./dist"
  domain = "app.example.com",
>
