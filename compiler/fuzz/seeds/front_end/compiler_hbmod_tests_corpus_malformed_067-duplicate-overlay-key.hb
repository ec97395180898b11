# expect: HB0012 at 8:3
spa web <
  folder = "./dist",
>

env production <
  web.domain = "example.com",
  web.domain = "www.example.com",
>
