# expect: HB0010 at 3:16
queue jobs <
  retention = 2w,
>
