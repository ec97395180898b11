# Every parameter of spa: a www alias, an explicit hosted zone, every edge
# location, a WAF web ACL owned by the security team, a CSP that allows the
# app's CDN and API, and 90 days of access logs.
service site <
  team  = "web-team",
  owner = "web-team@example.com",
>

spa web <
  folder                  = "./dist",
  domain                  = "app.example.com",
  aliases                 = ["www.app.example.com"],
  zone                    = "example.com",
  price_class             = all,
  waf_web_acl             = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/web-team-site-playground/a1b2c3d4-5678-90ab-cdef-1234567890ab",
  content_security_policy = "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; script-src 'self' https://cdn.example.com; style-src 'self' https://cdn.example.com; img-src 'self' data: https://images.example.com; font-src 'self' https://cdn.example.com; connect-src 'self' https://api.example.com wss://api.example.com; manifest-src 'self'; upgrade-insecure-requests",
  log_retention           = 90d,
>
