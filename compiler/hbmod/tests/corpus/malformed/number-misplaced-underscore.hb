# expect: HB0086 at 2:34, HB0086 at 2:52, HB0086 at 3:34
queue jobs < max_receive_count = 1__0, retention = 4_d >
queue more < max_receive_count = 1_ >
queue fine < max_receive_count = 1_0 >
