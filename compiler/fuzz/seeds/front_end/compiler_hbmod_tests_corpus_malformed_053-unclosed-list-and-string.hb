# expect: HB0008 at 3:28, HB0014 at 4:23
function api <
  handler = "index.handler,
  triggers = [web.url,
>

spa web <
  folder = "./dist",
>
