# expect: HB0001 at 3:12
spa web <
  domain = https://app.example.com,
>
