# Developer documentation, with a www alias and a different domain per environment.
service docs <
  team        = "devex",
  owner       = "devex@example.com",
  description = "Developer documentation site",
>

spa docs <
  folder  = "./public",
  domain  = "docs.example.com",
  aliases = ["www.docs.example.com"],
>

env playground <
  docs.domain  = "docs.playground.example.com",
  docs.aliases = [],
>
