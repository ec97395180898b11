# The click stream service from "Going serverless": a static site whose clicks
# an HTTP API records in a table and queues for enrichment; a second function
# consumes the queue, reads each click back, writes the enriched item and
# archives it.
# Each function's role holds exactly the grants of the instances it references.
service clicks <
  team        = "analytics",
  owner       = "analytics@example.com",
  tags        = { CostCenter = "4100" },
  description = "Click tracking for the marketing site",
>

spa site <
  folder = "./dist",
  domain = "clicks.example.com",
>

table clicks <
  partition_key = "click_id",
  ttl_attribute = "expires_at",
>

# Enriched clicks are also archived as objects for replays. S3 object access
# cannot be conditioned on the team tag: the enricher's policy says so per statement.
bucket archive <
  expire_prefixes = { "replays/" = 30d },
>

queue enrich <
  visibility_timeout = 3m,
>

function ingest <
  source  = "./src",
  runtime = nodejs22,
  writes  = [clicks],
  sends   = [enrich],
>

function enricher <
  source               = "./src",
  runtime              = nodejs22,
  timeout              = 30s,
  reserved_concurrency = 5,
  reads                = [clicks],
  writes               = [clicks, archive],
  consumes             = [enrich],
>

api http <
  routes       = { "POST /clicks" = ingest },
  domain       = "api.clicks.example.com",
  jwt_issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
  jwt_audience = ["4h7k2m9p1q3r5s6t8u0v2w4x6y"],
>
