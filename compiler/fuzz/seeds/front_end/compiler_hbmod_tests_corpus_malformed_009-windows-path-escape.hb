# expect: HB0009 at 4:16
spa web <
  folder = "build\\output",
  index = "site\index.html",
>
