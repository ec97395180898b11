# expect: HB0007 at 3:21
spa web <
  folder = "./dist",,
  domain = "app.example.com",
>
