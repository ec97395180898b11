// A click as the functions store it: the event's fields, a fresh id and an expiry.
const { randomHex } = require("tiny-random");

const DAY_SECONDS = 24 * 60 * 60;

exports.click = (body, now = Date.now()) => ({
  click_id: randomHex(16),
  page: String(body.page ?? "/"),
  at: new Date(now).toISOString(),
  expires_at: Math.floor(now / 1000) + 30 * DAY_SECONDS,
});
