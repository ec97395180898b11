# expect: HB0003 at 3:9
spa web <
  folder "./dist",
  domain = "app.example.com",
>
