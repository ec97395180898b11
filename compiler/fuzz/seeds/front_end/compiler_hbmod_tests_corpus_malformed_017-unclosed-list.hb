# expect: HB0014 at 4:44
function api <
  handler = "index.handler",
  triggers = [web.url, "cron(0 3 * * ? *)",
  timeout = 10s,
>
