# expect: HB0001 at 5:11, HB0014 at 5:17
function api <
  handler = "index.handler",
  triggers = [web.url, "cron(0 3 * * ? *)",
  timeout = 10s,
>
