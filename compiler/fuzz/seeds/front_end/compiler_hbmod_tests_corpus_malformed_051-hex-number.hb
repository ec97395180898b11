# expect: HB0010 at 3:23
queue jobs <
  max_receive_count = 0x10,
>
