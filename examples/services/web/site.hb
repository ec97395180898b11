# The public web app: a single-page app built into ./dist, served by CloudFront.
service web <
  team  = "frontend",
  owner = "frontend@example.com",
>

spa web <
  folder = "./dist",
  domain = "app.example.com",
>
