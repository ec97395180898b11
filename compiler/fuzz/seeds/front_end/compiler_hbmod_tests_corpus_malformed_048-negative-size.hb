# expect: HB0020 at 4:23
function api <
  handler = "index.handler",
  ephemeral_storage = -512MB,
>
