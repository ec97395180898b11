# The other reference parameters: a function that reads a bucket, publishes
# to a topic and invokes a second function synchronously. Each reference adds
# exactly its grant's statements to the role, and <INSTANCE>_NAME / _ARN
# environment variables (DOCUMENTS_NAME, ORDER_EVENTS_ARN, RENDER_PDF_NAME...).
service orders <
  team  = "orders-team",
  owner = "orders-team@example.com",
>

bucket documents < >

topic order_events < >

function render_pdf <
  source  = "./src",
  runtime = nodejs22,
  memory  = 1GB,
  timeout = 1m,
  writes  = [documents],
>

function fulfil <
  source    = "./src",
  runtime   = nodejs22,
  reads     = [documents],
  publishes = [order_events],
  invokes   = [render_pdf],
>
