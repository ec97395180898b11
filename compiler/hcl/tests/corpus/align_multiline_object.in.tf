locals {
  settings = {
    a = 1
    bbbb = "two"
    cc = [1, 2]
    "quoted-key" = true
    dddddddddd = { x = 1, y = 2 }
  }
}
