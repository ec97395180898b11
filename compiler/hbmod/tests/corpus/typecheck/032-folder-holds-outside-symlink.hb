# expect: HB0039 at 10:12
# files: services/web/dist/index.html, outside:services/web/dist/secret
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# dist/secret is a symlink to a file outside the repository.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>
