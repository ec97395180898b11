# expect: nothing
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Every parameter set to a valid value.
spa web <
  folder                  = "./dist",
  domain                  = "app.example.com",
  aliases                 = ["www.app.example.com", "app2.example.com"],
  zone                    = "example.com",
  price_class             = us_eu_asia,
  waf_web_acl             = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/a1b2c3d4-5678-90ab-cdef-example11111",
  content_security_policy = "default-src 'self'; connect-src https://api.example.com",
  log_retention           = 90d,
>
