# expect: HB0019 at 4:21
spa web <
  folder = "./dist",
  description = "Café menu",
>
