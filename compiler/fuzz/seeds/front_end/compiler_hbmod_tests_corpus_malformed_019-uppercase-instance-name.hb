# expect: HB0016 at 2:5
spa Web <
  folder = "./dist",
>
