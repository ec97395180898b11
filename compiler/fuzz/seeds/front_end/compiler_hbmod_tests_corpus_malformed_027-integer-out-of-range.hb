# expect: HB0020 at 3:18
queue jobs <
  max_messages = 99999999999999999999,
>
