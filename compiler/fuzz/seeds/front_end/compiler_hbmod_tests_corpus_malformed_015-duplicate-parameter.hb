# expect: HB0012 at 5:3
spa web <
  folder = "./dist",
  domain = "app.example.com",
  folder = "./build",
>
