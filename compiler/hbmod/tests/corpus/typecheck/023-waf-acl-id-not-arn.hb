# expect: HB0035 at 12:17
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The web ACL's ID pasted instead of its ARN.
spa web <
  folder      = "./dist",
  domain      = "app.example.com",
  waf_web_acl = "a1b2c3d4-5678-90ab-cdef-example11111",
>
