locals {
  a = 1 # one
  bbbbbb = 2 # two
  cc = "three"     // three
  dddd = 4 /* four */
  e = 5
  fff = 6    # six
}
