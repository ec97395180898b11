# expect: HB0004 at 3:11, HB0001 at 3:11
spa web <
  folder == "./dist",
>
