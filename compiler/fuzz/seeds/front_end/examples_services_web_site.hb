# The public web app: a single-page app built into ./dist, served by CloudFront.
service web <
  team  = "frontend",
  owner = "frontend@example.com",
  tags  = { CostCenter = "4300" },
>

spa web <
  folder = "./dist",
  domain = "app.example.com",
>
