# expect: HB0021 at 6:1
spa web <
  folder = "./dist",
>

service shop <
  team = "storefront",
>
