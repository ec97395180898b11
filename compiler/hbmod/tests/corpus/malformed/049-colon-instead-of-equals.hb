# expect: HB0004 at 3:9, HB0001 at 3:9
spa web <
  folder: "./dist",
>
