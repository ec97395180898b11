# expect: HB0024 at 7:3
spa web <
  folder = "./dist",
>

env production <
  wbe.domain = "example.com",
>
