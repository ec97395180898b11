# expect: HB0066 at 3:35
spa site < folder = "./dist" > was web
spa www < folder = "./dist" > was web
