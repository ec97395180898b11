# Every parameter of function: a prebuilt artifact (./build/handler.zip, from
# the team's bundler), Node.js 24 on arm64, 1GB, 30s, environment
# variables, 50 reserved instances, two years of logs and a code signing config.
service orders <
  team  = "shop",
  owner = "shop@example.com",
>

function checkout <
  artifact             = "./build/handler.zip",
  runtime              = nodejs24,
  handler              = "index.handler",
  architecture         = arm64,
  memory               = 1GB,
  timeout              = 30s,
  environment          = { LOG_LEVEL = "info", POWERTOOLS_SERVICE_NAME = "checkout" },
  reserved_concurrency = 50,
  log_retention        = 731d,
  code_signing_config  = "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-0a1b2c3d4e5f67890",
>
