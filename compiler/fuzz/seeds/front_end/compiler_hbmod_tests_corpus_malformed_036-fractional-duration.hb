# expect: HB0026 at 3:15
queue jobs <
  retention = 0.5h,
>
