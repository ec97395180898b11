locals {
  joined = join(",",
    [
      "a",
      "b",
    ]
  )
  merged = merge(
    var.tags,
    {
      Name = "x"
      Tier = "web"
    },
  )
  nested = lookup(
    var.map,
    "key",
    lookup(
      var.other,
      "k",
      "default"
    )
  )
}
