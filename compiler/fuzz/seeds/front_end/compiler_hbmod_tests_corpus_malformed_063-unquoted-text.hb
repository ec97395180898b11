# expect: HB0005 at 3:22, HB0028 at 3:23, HB0003 at 3:31
service shop <
  description = Click tracking API,
>
