# expect: HB0017 at 6:1
spa web <
  folder = "./dist",
>

env <
  web.domain = "example.com",
>
