# expect: HB0046 at 4:1
# files: services/web/dist/index.html, services/web/dist/assets/app.js
# No `service` header: nobody owns these resources.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>
