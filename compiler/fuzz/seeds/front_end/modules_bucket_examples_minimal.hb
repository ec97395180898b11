# The smallest bucket: private, SSE-KMS with its own key, versioned (previous
# versions kept 30 days), access-logged, EventBridge notifications, TLS only.
service orders <
  team = "orders-team",
>

bucket documents < >
