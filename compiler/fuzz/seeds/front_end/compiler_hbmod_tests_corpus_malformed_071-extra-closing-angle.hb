# expect: HB0001 at 4:3
spa web <
  folder = "./dist",
> >
