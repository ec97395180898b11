# expect: HB0004 at 3:11, HB0001 at 3:12, HB0004 at 3:19, HB0001 at 3:19
spa web <
  folder = './dist',
>
