# A file whose last line is a comment without a final newline.
spa web <
  folder = "./dist",
>
# no newline after this