// The TypeScript SDK against a live server (tests/sdk/test_typescript_sdk.py starts gunicorn and
// a Celery worker, and passes their address, an API key, a SKU and a reward in the environment).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { test } from "node:test";

import {
  StorefrontError,
  WebhookSignatureError,
  createStorefront,
  paginate,
  unwrap,
  verifyWebhook,
} from "../dist/index.js";

const { STOREFRONT_URL, STOREFRONT_API_KEY, STOREFRONT_SKU, STOREFRONT_REWARD } = process.env;
const live = STOREFRONT_URL ? test : test.skip;

live("an integrator's first session through the TypeScript SDK", async () => {
  const shop = createStorefront({ baseUrl: STOREFRONT_URL, apiKey: STOREFRONT_API_KEY });

  const created = unwrap(await shop.POST("/api/v1/members/", {
    body: { email: "ts-buyer@example.com", timezone: "Asia/Tokyo" },
  }));
  const found = unwrap(await shop.GET("/api/v1/members/{member}/", {
    params: { path: { member: "email:ts-buyer@example.com" } },
  }));
  assert.equal(found.id, created.id);
  assert.equal(found.timezone, "Asia/Tokyo");
  const member = String(created.id);
  const points = { params: { path: { member } } };

  // The same Idempotency-Key twice: applied once, the first answer replayed.
  const key = randomUUID();
  const earn = (headers) => shop.POST("/api/v1/members/{member}/points/earn/", {
    ...points, headers, body: { points: 1000, reason: "Trade fair" },
  });
  const first = await earn({ "Idempotency-Key": key });
  const again = await earn({ "Idempotency-Key": key });
  assert.equal(first.response.status, 201);
  assert.equal(again.response.headers.get("Idempotent-Replayed"), "true");
  assert.deepEqual(unwrap(again), unwrap(first));
  for (let i = 0; i < 4; i++) unwrap(await earn(undefined)); // a new key each time, made by the SDK

  unwrap(await shop.POST("/api/v1/members/{member}/points/spend/", {
    ...points, body: { points: 300, reason: "Discount" },
  }));
  await assert.rejects(
    async () => unwrap(await shop.POST("/api/v1/members/{member}/points/spend/", {
      ...points, body: { points: 1000000, reason: "Too much" },
    })),
    (error) => error instanceof StorefrontError && error.status === 409 && error.code === "insufficient_points",
  );

  const balance = unwrap(await shop.GET("/api/v1/members/{member}/balance/", points));
  assert.equal(balance.available, 5 * 1000 - 300);

  const redemption = unwrap(await shop.POST("/api/v1/members/{member}/redemptions/", {
    ...points, body: { reward: Number(STOREFRONT_REWARD) },
  }));
  assert.equal(redemption.points, 200);

  const entries = [];
  for await (const entry of paginate((query) => shop.GET("/api/v1/members/{member}/ledger/", {
    params: { path: { member }, query: { page_size: 2, ...query } },
  }))) entries.push(entry.points);
  assert.deepEqual(entries, [-200, -300, 1000, 1000, 1000, 1000, 1000]);

  const order = unwrap(await shop.POST("/api/v1/orders/", {
    body: {
      external_id: "ERP-TS-1", member: created.id, currency: "USD",
      lines: [{ sku: STOREFRONT_SKU, quantity: 2, unit_price: "150.00" }],
    },
  }));
  const refund = unwrap(await shop.POST("/api/v1/orders/{id}/refunds/", {
    params: { path: { id: order.id } }, body: { reason: "Damaged", full: true },
  }));
  assert.deepEqual(refund.amount, { amount: "300.00", currency: "USD" });
});

live("a webhook the shop signed passes verifyWebhook and a tampered one fails", async () => {
  const shop = createStorefront({ baseUrl: STOREFRONT_URL, apiKey: STOREFRONT_API_KEY });
  let delivered;
  const arrived = new Promise((resolve) => { delivered = resolve; });
  const receiver = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      response.end("ok");
      delivered({ body: Buffer.concat(chunks), signature: request.headers["storefront-signature"] });
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  try {
    const endpoint = unwrap(await shop.POST("/api/v1/webhook-endpoints/", {
      body: { url: `http://127.0.0.1:${receiver.address().port}/hooks`, events: ["points.earned"] },
    }));
    const member = unwrap(await shop.POST("/api/v1/members/", { body: { email: "ts-hooks@example.com" } }));
    unwrap(await shop.POST("/api/v1/members/{member}/points/earn/", {
      params: { path: { member: String(member.id) } }, body: { points: 40, reason: "Survey" },
    }));
    const { body, signature } = await arrived;
    verifyWebhook({ secret: endpoint.secret, signature, body });
    assert.equal(JSON.parse(body.toString()).type, "points.earned");
    const tampered = Buffer.from(body.toString().replace("40", "41"));
    assert.throws(() => verifyWebhook({ secret: endpoint.secret, signature, body: tampered }), WebhookSignatureError);
    assert.throws(() => verifyWebhook({ secret: "whsec_other", signature, body }), WebhookSignatureError);
    const t = Number(signature.split(",")[0].slice(2));
    assert.throws(() => verifyWebhook({ secret: endpoint.secret, signature, body, now: t + 3600 }), WebhookSignatureError);
  } finally {
    receiver.close();
  }
});
