# expect: HB0009 at 3:25, HB0009 at 3:33
service shop <
  description = "Launch \u{D83D}\u{DE80}",
>
