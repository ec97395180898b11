# The click_stream shape: an HTTP API whose function records each click in a
# table and queues it for enrichment; a second function consumes the queue,
# reads the click back and writes the enriched item. Each role holds exactly
# the grants of its references (plus logs, X-Ray, its own DLQ and key).
service clicks <
  team  = "analytics",
  owner = "analytics@example.com",
>

table clicks <
  partition_key = "click_id",
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
  writes               = [clicks],
  consumes             = [enrich],
>

api http <
  routes       = { "POST /clicks" = ingest },
  jwt_issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
  jwt_audience = ["4h7k2m9p1q3r5s6t8u0v2w4x6y"],
>
