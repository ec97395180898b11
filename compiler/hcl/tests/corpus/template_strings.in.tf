locals {
  a = "hello ${ var.name }!"
  b = "${var.a}-${ var.b }"
  c = "%{ if var.x }yes%{ else }no%{ endif }"
  d = "${ upper( var.x ) }"
  e = "escaped $${not_interp} and %%{not_directive}"
  f = "${ {a = 1}.a }"
  g = "${~ var.x ~}"
  h = "quotes \"inside\" and \\ backslash"
}
