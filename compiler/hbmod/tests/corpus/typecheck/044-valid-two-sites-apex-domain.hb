# expect: nothing
# files: services/web/dist/index.html, services/docs/site/index.html
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# Two sites, one on a two-label apex domain (its zone is itself).
spa web <
  folder = "./dist",
  domain = "example.com",
>

spa docs <
  folder = "../docs/site",
  domain = "docs.example.com",
>
