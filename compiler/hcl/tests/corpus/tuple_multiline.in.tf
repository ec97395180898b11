locals {
  list = [
  "a",
      "b",
  [
  1,
  2
  ],
  ]
  mixed = ["a",
  "b",
  "c"]
}
