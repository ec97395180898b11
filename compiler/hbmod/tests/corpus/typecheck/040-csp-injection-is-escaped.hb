# expect: nothing
# files: services/web/dist/index.html, services/web/dist/assets/app.js
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Terraform interpolation in a string is plain text: accepted, and escaped in the output.
spa web <
  folder                  = "./dist",
  domain                  = "app.example.com",
  content_security_policy = "default-src 'self'; x${file(\"/etc/passwd\")}",
>
