# The smallest spa: the built app in ./dist, served at app.example.com
# (certificate, DNS records in the example.com zone, headers and logs included).
service site <
  team  = "web-team",
  owner = "web-team@example.com",
>

spa web <
  folder = "./dist",
  domain = "app.example.com",
>
