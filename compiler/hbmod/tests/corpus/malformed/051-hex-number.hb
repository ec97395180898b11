# expect: HB0010 at 3:24
queue jobs <
  max_receive_count = 0x10,
>
