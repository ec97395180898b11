# expect: HB0042 at 16:14
# files: services/web/src/index.mjs, services/web/dist/index.html
service web <
  team = "frontend",
>

spa site <
  folder = "./dist",
  domain = "app.example.com",
>

# `reads` takes tables and buckets; `site` is a static site.
function report <
  source  = "./src",
  runtime = nodejs22,
  reads   = [site],
>
