# Leading comment.

# A second block of leading comments,
# over two lines.
service payments < # after the opening angle
  # before the first field
  team = "payments", # trailing
  # between fields

  owner = "pay@example.com",
  # before the closing angle
> # after the closing angle

# Before an instance.
function charge <
  handler = "charge.handler",
  allowed = [
    "visa", # trailing inside a list
    # own line inside a list
    "mastercard",
  ],
  limits = {
    # own line inside a map
    daily = 10_000, # trailing inside a map
    single = 2_000,
  },
>


# Two blank lines above; an overlay below.
env production <
  charge.limits = { daily = 100_000, single = 20_000 },
>

# Trailing comment at the end of the file.
