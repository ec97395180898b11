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
  price_class = all,
>
