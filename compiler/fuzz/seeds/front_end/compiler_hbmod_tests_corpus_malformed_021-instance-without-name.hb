# expect: HB0017 at 2:1
spa <
  folder = "./dist",
>
