a = b ?
 c : d
