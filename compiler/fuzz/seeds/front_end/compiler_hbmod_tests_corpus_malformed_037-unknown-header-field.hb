# expect: HB0028 at 4:3
service shop <
  team = "storefront",
  owners = "jane@example.com",
>
