/**
 * The hand-written layer over the types generated from the API's OpenAPI schema
 * (`schema.d.ts`, by openapi-typescript) and openapi-fetch's typed client:
 *
 *   import { createStorefront, unwrap } from "@export-storefront/sdk";
 *   const shop = createStorefront({ baseUrl: "https://shop.example.com", apiKey: "sk_live_..." });
 *   const result = unwrap(await shop.POST("/api/v1/members/{member}/points/earn/", {
 *     params: { path: { member: "email:buyer@example.com" } },
 *     body: { points: 500, reason: "Trade fair visit" },
 *   }));
 *
 * Every write gets an `Idempotency-Key` unless one is given; 429 and 503 answers are retried
 * after their `Retry-After`; `unwrap` throws a `StorefrontError` carrying the API's error `code`;
 * `paginate` iterates a list across its pages; `verifyWebhook` checks a delivery's signature.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import createClient from "openapi-fetch";
import type { Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths };
export type ApiError = components["schemas"]["Error"];
export type StorefrontClient = Client<paths>;

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const RETRY_STATUSES = new Set([429, 503]);

export interface StorefrontOptions {
  baseUrl: string;
  apiKey: string;
  /** How many times a 429/503 answer (or a failed connection, for a safe request) is retried. */
  maxRetries?: number;
  /** Seconds of the first backoff when the server gives no `Retry-After`. */
  backoff?: number;
  /** The longest wait between two attempts, in seconds. */
  maxWait?: number;
  fetch?: typeof fetch;
  sleep?: (seconds: number) => Promise<void>;
}

export class StorefrontError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = "StorefrontError";
  }
}

export function newIdempotencyKey(): string {
  return randomUUID();
}

/** Seconds from a `Retry-After` header (a number or an HTTP date); null when absent or garbled. */
export function retryAfterSeconds(value: string | null): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const moment = Date.parse(trimmed);
  return Number.isNaN(moment) ? null : Math.max(0, (moment - Date.now()) / 1000);
}

const realSleep = (seconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

/** A `fetch` that adds the key, an Idempotency-Key on writes, and retries 429/503. */
export function storefrontFetch(options: StorefrontOptions): typeof fetch {
  const base = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 3;
  const backoff = options.backoff ?? 0.5;
  const maxWait = options.maxWait ?? 30;
  const sleep = options.sleep ?? realSleep;
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    request.headers.set("Authorization", `Bearer ${options.apiKey}`);
    if (WRITE_METHODS.has(request.method) && !request.headers.get("Idempotency-Key")) {
      request.headers.set("Idempotency-Key", newIdempotencyKey());
    }
    // The same request (same key) every time: the server answers a repeat with the first answer.
    const repeatable = request.method === "GET" || request.headers.has("Idempotency-Key");
    const body = request.body ? await request.arrayBuffer() : undefined;
    for (let attempt = 0; ; attempt++) {
      const wait = (told: number | null) =>
        sleep(Math.min(told ?? backoff * 2 ** attempt * (1 + Math.random() / 2), maxWait));
      let response: Response;
      try {
        response = await base(new Request(request, { body }));
      } catch (error) {
        if (!repeatable || attempt >= maxRetries) throw error;
        await wait(null);
        continue;
      }
      if (!RETRY_STATUSES.has(response.status) || attempt >= maxRetries) return response;
      await response.arrayBuffer();
      await wait(retryAfterSeconds(response.headers.get("Retry-After")));
    }
  };
}

export function createStorefront(options: StorefrontOptions): StorefrontClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: storefrontFetch(options),
  });
}

/** The answer's data, or a `StorefrontError` thrown with the API's error code. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const error = (result.error ?? {}) as Partial<ApiError>;
    throw new StorefrontError(
      result.response.status,
      error.code ?? "unexpected_status",
      error.detail ?? result.response.statusText,
      (error.fields as Record<string, unknown>) ?? {},
    );
  }
  return result.data as T;
}

interface Page<T> {
  results: T[];
  next?: string | null;
}

/**
 * Every item of a list, page after page (numbered or cursor pages: the next page's query is
 * read from the answer's `next` link). `fetchPage` gets the extra query of each page:
 *
 *   for await (const entry of paginate((query) => shop.GET("/api/v1/members/{member}/ledger/",
 *     { params: { path: { member: "42" }, query } }))) { ... }
 */
export async function* paginate<T>(
  fetchPage: (query: Record<string, string>) => Promise<{
    data?: Page<T>;
    error?: unknown;
    response: Response;
  }>,
): AsyncGenerator<T> {
  let query: Record<string, string> = {};
  for (;;) {
    const page = unwrap(await fetchPage(query));
    yield* page.results;
    if (!page.next) return;
    query = Object.fromEntries(new URL(page.next).searchParams.entries());
  }
}

export const SIGNATURE_HEADER = "Storefront-Signature";

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookSignatureError";
  }
}

/**
 * Throws `WebhookSignatureError` unless `signature` (the `Storefront-Signature` header) signs the
 * raw `body` with the endpoint's `secret` (HMAC-SHA256 over "<t>.<body>", compared in constant
 * time) and its timestamp is within `toleranceSeconds` of now. Pass the body exactly as received.
 */
export function verifyWebhook(args: {
  secret: string;
  signature: string;
  body: string | Uint8Array;
  toleranceSeconds?: number;
  now?: number;
}): void {
  const parts = new Map<string, string[]>();
  for (const item of args.signature.split(",")) {
    const [name, ...rest] = item.trim().split("=");
    parts.set(name, [...(parts.get(name) ?? []), rest.join("=")]);
  }
  const timestamp = Number(parts.get("t")?.[0]);
  if (!Number.isInteger(timestamp)) throw new WebhookSignatureError("The signature has no timestamp.");
  const now = args.now ?? Date.now() / 1000;
  if (Math.abs(now - timestamp) > (args.toleranceSeconds ?? 300)) {
    throw new WebhookSignatureError("The signature's timestamp is outside the tolerance.");
  }
  const body = typeof args.body === "string" ? Buffer.from(args.body, "utf8") : Buffer.from(args.body);
  const expected = createHmac("sha256", args.secret)
    .update(Buffer.concat([Buffer.from(`${timestamp}.`), body]))
    .digest();
  const matches = (parts.get("v1") ?? []).some((given) => {
    const candidate = Buffer.from(given, "hex");
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  if (!matches) throw new WebhookSignatureError("The signature does not match the body.");
}
