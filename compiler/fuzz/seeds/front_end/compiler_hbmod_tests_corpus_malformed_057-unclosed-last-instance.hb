# expect: HB0002 at 7:30
spa web <
  folder = "./dist",
>

env production <
  web.domain = "example.com",
