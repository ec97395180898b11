# expect: HB0001 at 2:1
spa 2nd_site <
  folder = "./dist",
>
