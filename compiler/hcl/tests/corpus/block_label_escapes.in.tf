resource "x" "a\u0041b" {
}
resource "x" "with\"quote" {
}
resource "x" "dollar$${x}" {
}
resource   "x"   /* c */   "y" {
}
resource "x" "a$b" {
}
resource "x" "$" {
}
resource "x" "100%" {
}
resource "x" "tab\there" {
}
