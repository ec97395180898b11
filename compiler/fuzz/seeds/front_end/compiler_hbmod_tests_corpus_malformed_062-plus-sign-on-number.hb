# expect: HB0001 at 3:23
queue jobs <
  max_receive_count = +5,
>
