// Run with `node packages/click-core/index.test.js` (never packaged).
const assert = require("node:assert");
const { click } = require("./index.js");

const made = click({ page: "/pricing" }, 0);
assert.strictEqual(made.page, "/pricing");
assert.strictEqual(made.click_id.length, 16);
console.log("ok");
