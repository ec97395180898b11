# expect: HB0019 at 2:31, HB0019 at 3:22
# the next line is for admins ؜only
queue jobs < > # zero​width
