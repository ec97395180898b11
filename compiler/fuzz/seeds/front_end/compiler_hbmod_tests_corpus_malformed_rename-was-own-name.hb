# expect: HB0065 at 2:35
spa web < folder = "./dist" > was web
