# expect: HB0023 at 7:3
spa web <
  folder = "./dist",
>

env production <
  web.domain.name = "example.com",
>
