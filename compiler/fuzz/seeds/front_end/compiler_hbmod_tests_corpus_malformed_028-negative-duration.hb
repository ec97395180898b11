# expect: HB0020 at 3:24
queue jobs <
  visibility_timeout = -30s,
>
