locals {
  a = 1
}
    	  