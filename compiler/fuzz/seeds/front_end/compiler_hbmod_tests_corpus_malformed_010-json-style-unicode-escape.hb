# expect: HB0009 at 3:21
service shop <
  description = "Caf\u00e9 ordering",
>
