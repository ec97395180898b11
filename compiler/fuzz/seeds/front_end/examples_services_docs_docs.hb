# Developer documentation, served on its domain and a www alias.
service docs <
  team        = "devex",
  owner       = "devex@example.com",
  tags        = { CostCenter = "4200" },
  description = "Developer documentation site",
>

spa docs <
  folder      = "./public",
  domain      = "docs.example.com",
  aliases     = ["www.docs.example.com"],
  zone        = "example.com",
  price_class = all,
>

# The playground has its own name and no www alias: these two values become
# Terraform variables set by environments/playground.tfvars (and the others').
env playground <
  docs.domain  = "docs.playground.example.com",
  docs.aliases = [],
>
