# expect: HB0028 at 4:3, HB0005 at 8:28, HB0010 at 9:15, HB0011 at 10:15, HB0024 at 14:3
service shop <
  team = "storefront",
  onwer = "jane@example.com",
>

function api <
  handler = "index.handler"
  memory = 512mb,
  timeout = 30 s,
>

env production <
  app.memory = 1GB,
>
