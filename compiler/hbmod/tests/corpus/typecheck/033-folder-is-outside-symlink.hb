# expect: HB0039 at 10:12
# files: outside:services/web/dist
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

# dist itself is a symlink to a folder outside the repository.
spa web <
  folder = "./dist",
  domain = "app.example.com",
>
