# expect: HB0002 at 4:30
spa web <
  folder = "./dist",
  domain = "app.example.com",

function api <
  handler = "index.handler",
>
