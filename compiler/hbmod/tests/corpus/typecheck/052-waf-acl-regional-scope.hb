# expect: nothing
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# A REGIONAL web ACL cannot be attached to CloudFront (needs scope CLOUDFRONT, in us-east-1).
spa web <
  folder      = "./dist",
  domain      = "app.example.com",
  waf_web_acl = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/site/a1b2c3d4-5678-90ab-cdef-example11111",
>
