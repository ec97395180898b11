# expect: HB0001 at 3:3, HB0003 at 3:9, HB0005 at 3:15, HB0004 at 3:22, HB0005 at 4:3
spa web <
  // the build output
  folder = "./dist",
>
