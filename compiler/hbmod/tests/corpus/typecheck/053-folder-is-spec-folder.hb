# expect: HB0049 at 10:12
# files: services/web/index.html, services/web/site.hb, services/web/terraform/main.tf
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# The spec's own folder as the site: it uploads site.hb and the generated Terraform.
spa web <
  folder = ".",
  domain = "app.example.com",
>
