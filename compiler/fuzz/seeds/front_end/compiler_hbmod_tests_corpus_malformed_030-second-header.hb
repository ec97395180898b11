# expect: HB0021 at 6:1
service shop <
  team = "storefront",
>

service shop <
  owner = "jane@example.com",
>
