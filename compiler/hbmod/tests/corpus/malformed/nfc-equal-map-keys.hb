# expect: HB0029 at 4:45
# Two spellings of one key (precomposed and decomposed é) are one key to Terraform.
bucket uploads <
  expire_prefixes = { "caf\u{E9}/" = 3650d, "cafe\u{301}/" = 1d },
>
