# expect: HB0005 at 4:31
spa web <
  folder = "./dist",
  aliases = ["www.example.com" "example.com"],
>
