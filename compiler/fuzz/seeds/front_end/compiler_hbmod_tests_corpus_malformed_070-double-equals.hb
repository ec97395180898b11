# expect: HB0003 at 3:10
spa web <
  folder == "./dist",
>
