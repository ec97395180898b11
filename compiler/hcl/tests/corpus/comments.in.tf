# File header comment
// Another header comment
/* block
   comment */
resource "x" "y" { # trailing on block header
    # inside comment
  a = 1 # trailing
      // indented slash comment
  b = 2
  /* multi
     line */
  c = 3
}
