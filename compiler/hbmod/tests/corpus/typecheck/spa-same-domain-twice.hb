# expect: HB0035 at 13:38, HB0035 at 18:37
# files: services/web/dist/index.html
service web <
  team = "frontend",
  owner = "frontend@example.com",
>

spa site < folder = "./dist", domain = "app.example.com" >

spa copy <
  folder  = "./dist",
  domain  = "shop.example.com",
  aliases = ["www.shop.example.com", "app.example.com"],
>

spa staging_only < folder = "./dist", domain = "preview.example.com" >

env staging < staging_only.domain = "shop.example.com" >
