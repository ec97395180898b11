# expect: HB0006 at 3:3
spa web <
  , folder = "./dist",
  domain = "app.example.com",
>
