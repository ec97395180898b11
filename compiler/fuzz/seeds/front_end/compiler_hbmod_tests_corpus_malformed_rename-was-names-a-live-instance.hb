# expect: HB0065 at 8:7
spa web <
  folder = "./dist",
>

spa site <
  folder = "./dist",
> was web
