# expect: HB0025 at 10:5
spa web <
  folder = "./dist",
>

env production <
  web.domain = "example.com",
>

env production <
  web.price_class = "all",
>
