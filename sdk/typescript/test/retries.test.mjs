// The retry and idempotency rules with a scripted fetch (the server side of the wire).
import assert from "node:assert/strict";
import { test } from "node:test";

import { createStorefront, retryAfterSeconds, storefrontFetch } from "../dist/index.js";

function scripted(...statuses) {
  const seen = [];
  const fetch = async (request) => {
    seen.push({ method: request.method, key: request.headers.get("Idempotency-Key"), body: await request.text() });
    const [status, retryAfter] = statuses.shift();
    return new Response(JSON.stringify({ code: "x", detail: "x", fields: {} }), {
      status, headers: retryAfter ? { "Retry-After": retryAfter } : {},
    });
  };
  return { fetch, seen };
}

test("429 and 503 are retried after Retry-After, with the same key and body", async () => {
  const server = scripted([503, "2"], [429, "1"], [201]);
  const waits = [];
  const send = storefrontFetch({ baseUrl: "http://shop.test", apiKey: "k", fetch: server.fetch, sleep: async (s) => waits.push(s) });
  const response = await send("http://shop.test/api/v1/x/", { method: "POST", body: '{"points":5}' });
  assert.equal(response.status, 201);
  assert.deepEqual(waits, [2, 1]);
  assert.equal(new Set(server.seen.map((r) => r.key)).size, 1);
  assert.ok(server.seen[0].key);
  assert.deepEqual(server.seen.map((r) => r.body), Array(3).fill('{"points":5}'));
});

test("a given Idempotency-Key is kept; reads get none", async () => {
  const server = scripted([201], [200]);
  const shop = createStorefront({ baseUrl: "http://shop.test", apiKey: "k", fetch: server.fetch });
  await shop.POST("/api/v1/members/", { body: { email: "a@example.com" }, headers: { "Idempotency-Key": "mine" } });
  await shop.GET("/api/v1/ping/");
  assert.deepEqual(server.seen.map((r) => [r.method, r.key]), [["POST", "mine"], ["GET", null]]);
});

test("retries stop after maxRetries and the last answer is returned", async () => {
  const server = scripted([503, "1"], [503, "1"], [503, "1"]);
  const send = storefrontFetch({ baseUrl: "http://shop.test", apiKey: "k", fetch: server.fetch, maxRetries: 2, sleep: async () => {} });
  assert.equal((await send("http://shop.test/api/v1/ping/")).status, 503);
  assert.equal(server.seen.length, 3);
});

test("Retry-After as seconds or as an HTTP date", () => {
  assert.equal(retryAfterSeconds("7"), 7);
  assert.equal(retryAfterSeconds(null), null);
  assert.equal(retryAfterSeconds("soon"), null);
  const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
  assert.ok(Math.abs(retryAfterSeconds(inTenSeconds) - 10) <= 1);
});
