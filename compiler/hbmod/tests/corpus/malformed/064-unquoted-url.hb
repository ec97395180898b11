# expect: HB0001 at 3:17, HB0022 at 3:20, HB0004 at 3:35
spa web <
  domain = https://app.example.com,
>
