// Reads the secret named by DB_PASSWORD_ARN through the Secrets Manager API
// (the function's role has the secret's `read` grant) and never logs it.
import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({});

export const handler = async () => {
  const secret = await client.send(new GetSecretValueCommand({ SecretId: process.env.DB_PASSWORD_ARN }));
  return { statusCode: 200, body: JSON.stringify({ ok: secret.SecretString !== undefined }) };
};
