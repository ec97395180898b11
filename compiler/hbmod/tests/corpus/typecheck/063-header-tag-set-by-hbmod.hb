# expect: HB0035 at 6:12, HB0035 at 6:28
# files:
service web <
  team = "frontend",
  # hbmod tags every resource with Team and Environment itself.
  tags = { Team = "other", Environment = "prod" },
>

bucket data < >
