# The site of site.hb after its instance was renamed from `web` to `app`:
# `was web` keeps the physical names made from `web` (bucket, distribution...)
# and moves every resource to its new address with a Terraform `moved` block,
# so the plan shows moves and nothing is replaced.
service site <
  team  = "web-team",
  owner = "web-team@example.com",
>

spa app <
  folder = "./dist",
  domain = "app.example.com",
> was web
