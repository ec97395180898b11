# expect: HB0030 at 2:9
spa web {
  folder = "./dist",
}
