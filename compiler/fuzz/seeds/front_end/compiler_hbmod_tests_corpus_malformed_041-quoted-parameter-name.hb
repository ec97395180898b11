# expect: HB0001 at 3:3
spa web <
  "folder" = "./dist",
>
