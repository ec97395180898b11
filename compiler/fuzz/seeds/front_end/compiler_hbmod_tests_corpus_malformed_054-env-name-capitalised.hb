# expect: HB0016 at 6:5
spa web <
  folder = "./dist",
>

env Production <
  web.domain = "example.com",
>
