resource "x" "aAb" {
}
resource "x" "with\"quote" {
}
resource "x" {
}
resource "x" "y" {
}
resource "x" {
}
resource "x" "$" {
}
resource "x" {
}
resource "x" "tab\there" {
}
