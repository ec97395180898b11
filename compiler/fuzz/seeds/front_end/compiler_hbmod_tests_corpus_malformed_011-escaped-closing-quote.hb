# expect: HB0008 at 3:18
spa web <
  folder = "C:\",
  domain = "app.example.com",
>
