// The click stream's handler: answers an API Gateway HTTP API (payload 2.0)
// request with the click it would record, and logs it as JSON into the
// function's own log group. Its dependencies come from the packaged zip:
// `tiny-id` from the registry, `@clicks/core` from the repository's packages/.
import core from "@clicks/core";
import tinyId from "tiny-id";

export const handler = async (event) => {
  const click = core.click(JSON.parse(event.body ?? "{}"));
  const request = tinyId.id("req");
  console.log(JSON.stringify({ message: "click received", request, click }));
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ok: true, request, click_id: click.click_id }),
  };
};
