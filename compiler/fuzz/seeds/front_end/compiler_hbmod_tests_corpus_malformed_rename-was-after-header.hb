# expect: HB0067 at 4:7
service web <
  team = "frontend",
> was site
