// Run with `node services/clicks/src/index.test.mjs` (never packaged; tiny-test is a dev dependency).
import { test } from "tiny-test";
import { handler } from "./index.mjs";

test("answers with a click id", async () => {
  const response = await handler({ body: JSON.stringify({ page: "/" }) });
  if (response.statusCode !== 200) throw new Error("status");
});
