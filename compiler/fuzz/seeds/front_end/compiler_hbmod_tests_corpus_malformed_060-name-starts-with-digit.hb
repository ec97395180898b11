# expect: HB0016 at 2:5
spa 2nd_site <
  folder = "./dist",
>
