# expect: HB0019 at 4:28
spa web <
  folder = "./dist",
  domain = "app.example.com‮",
>
