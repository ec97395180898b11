# expect: HB0020 at 3:18
queue jobs <
  delay_offset = -9223372036854775809,
>
