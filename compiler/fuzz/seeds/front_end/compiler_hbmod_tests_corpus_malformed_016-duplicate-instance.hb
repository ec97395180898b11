# expect: HB0013 at 6:5
spa web <
  folder = "./dist",
>

spa web <
  folder = "./admin/dist",
>
