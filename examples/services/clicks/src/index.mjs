// A minimal handler: logs the event (as JSON, into the function's own log
// group) and answers an API Gateway HTTP API (payload 2.0) request.
export const handler = async (event) => {
  console.log(JSON.stringify({ message: "event received", routeKey: event.routeKey }));
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ok: true }),
  };
};
