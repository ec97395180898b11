# Every parameter of secret, and both grants: a database password rotated
# every 7 days by the `rotator` function and read by the `api_handler`
# function, which finds it through the DB_PASSWORD_ARN environment variable.
service billing <
  team  = "payments",
  owner = "payments@example.com",
>

secret db_password <
  description     = "Password of the billing database user",
  rotate_every    = 7d,
  recovery_window = 7d,
>

function rotator <
  source  = "./rotate",
  runtime = nodejs22,
  rotates = [db_password],
>

function api_handler <
  source  = "./api",
  runtime = nodejs22,
  reads   = [db_password],
>
