# The smallest secret: a Secrets Manager secret encrypted with its own KMS key,
# restorable for 30 days after deletion. hbmod creates the secret, never its
# value: put that with `aws secretsmanager put-secret-value`.
service billing <
  team = "payments",
>

secret stripe_key < >
