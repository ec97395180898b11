# expect: HB0035 at 5:11
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "Jane Doe",
>

# A person's name instead of an email address.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>
