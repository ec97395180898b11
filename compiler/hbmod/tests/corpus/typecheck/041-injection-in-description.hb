# expect: nothing
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team        = "frontend",
  owner       = "frontend@example.com",
  description = "Marketing site\"} ${jsonencode(var.secret)} #",
>

# HCL and template syntax in the service description and CSP: accepted, escaped.
spa web <
  folder                  = "./dist",
  domain                  = "app.example.com",
  content_security_policy = "default-src 'self' %{ if true }x%{ endif }\" }\nresource \"null\" \"x\" {",
>
