# The smallest api: one route to one function, every request authorized by a
# JWT from the team's identity provider. The execute-api URL is the output.
service greetings <
  team  = "platform",
  owner = "platform@example.com",
>

function hello <
  source  = "./src",
  runtime = nodejs22,
>

api http <
  routes       = { "GET /hello" = hello },
  jwt_issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
  jwt_audience = ["4h7k2m9p1q3r5s6t8u0v2w4x6y"],
>
