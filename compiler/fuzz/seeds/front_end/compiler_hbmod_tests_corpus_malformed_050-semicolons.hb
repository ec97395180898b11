# expect: HB0001 at 3:20, HB0001 at 4:29
spa web <
  folder = "./dist";
  domain = "app.example.com";
>
