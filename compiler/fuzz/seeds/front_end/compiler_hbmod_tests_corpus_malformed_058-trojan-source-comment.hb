# expect: HB0019 at 4:25, HB0019 at 4:27, HB0019 at 4:33, HB0019 at 4:35
function api <
  handler = "index.handler",
  admin_only = false, # ‮ ⁦ true⁩ ⁦
>
