# The smallest function: the code in ./src (zipped by `hbmod package`), on Node.js 22.
# Role, log group, KMS key, dead-letter queue and tracing come with it.
service hello <
  team  = "platform",
  owner = "platform@example.com",
>

function hello <
  source  = "./src",
  runtime = nodejs22,
>
