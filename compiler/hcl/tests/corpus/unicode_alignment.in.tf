locals {
  ключ = "значение"
  a = 1
  naïve = "café" # comment
  b = "日本語"     # other
}
