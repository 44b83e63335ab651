// The API client against a scripted fetch: bearer tokens, silent refresh through the cookie with the CSRF
// header (once, shared by concurrent requests), problem+json errors, network failures.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiClient, queryString, type SessionEvent } from "../src/api/client";
import { ApiError, errorMessage, parseProblem, parseRetryAfter, problemKind } from "../src/api/problem";
import { fixture } from "./fixtures";

interface Call {
  url: string;
  init: RequestInit;
}

type Reply = Response | Error | ((call: Call) => Response | Promise<Response>);

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type, ...headers } });
}

function harness(replies: Record<string, Reply[]>, cookies: Record<string, string> = { draizer_csrf: "csrf-123" }) {
  const calls: Call[] = [];
  const events: SessionEvent[] = [];
  const client = new ApiClient({
    fetch: async (url, init) => {
      const call = { url, init };
      calls.push(call);
      const path = url.split("?")[0] ?? url;
      const queue = replies[path];
      const reply = queue?.shift();
      if (!reply) throw new Error(`unexpected request ${init.method} ${url}`);
      if (reply instanceof Error) throw reply;
      return typeof reply === "function" ? reply(call) : reply;
    },
    readCookie: (name) => cookies[name] ?? null,
  });
  client.onSession((event) => events.push(event));
  return { client, calls, events };
}

function header(call: Call | undefined, name: string): string | undefined {
  const headers = (call?.init.headers ?? {}) as Record<string, string>;
  return headers[name];
}

const TOKENS = fixture("auth_refresh") as { access_token: string };

describe("ApiClient", () => {
  it("sends the bearer token and JSON, and parses JSON", async () => {
    const { client, calls } = harness({ "/api/v1/portfolio": [json(fixture("portfolio"))] });
    client.setAccessToken("token-1");
    const portfolio = await client.json<{ cash: string }>("/api/v1/portfolio");
    assert.equal(portfolio.cash, "834.65158753");
    assert.equal(header(calls[0], "Authorization"), "Bearer token-1");
    assert.equal(calls[0]?.init.credentials, "same-origin");
  });

  it("sends bodies as JSON and queries without empty values", async () => {
    const { client, calls } = harness({ "/api/v1/trading/orders": [json(fixture("trading_order_buy"), 201)] });
    client.setAccessToken("token-1");
    await client.json("/api/v1/trading/orders", { method: "POST", body: { side: "buy" }, query: { a: 1, b: undefined, c: "", d: false } });
    assert.equal(calls[0]?.url, "/api/v1/trading/orders?a=1&d=false");
    assert.equal(calls[0]?.init.body, '{"side":"buy"}');
    assert.equal(header(calls[0], "Content-Type"), "application/json");
  });

  it("does not attach the token to public requests", async () => {
    const { client, calls } = harness({ "/ready": [json(fixture("ready"))] });
    client.setAccessToken("token-1");
    await client.json("/ready", { auth: false });
    assert.equal(header(calls[0], "Authorization"), undefined);
  });

  it("refreshes once on 401 with the CSRF header, then retries with the new token", async () => {
    const { client, calls, events } = harness({
      "/api/v1/portfolio": [json(fixture("problem_mfa_setup_required"), 401), json(fixture("portfolio"))],
      "/api/v1/auth/refresh": [json(TOKENS)],
    });
    client.setAccessToken("expired");
    await client.json("/api/v1/portfolio");
    assert.deepEqual(
      calls.map((call) => call.url),
      ["/api/v1/portfolio", "/api/v1/auth/refresh", "/api/v1/portfolio"],
    );
    assert.equal(header(calls[1], "X-CSRF-Token"), "csrf-123");
    assert.equal(calls[1]?.init.method, "POST");
    assert.equal(header(calls[2], "Authorization"), `Bearer ${TOKENS.access_token}`);
    assert.equal(client.accessToken, TOKENS.access_token);
    assert.equal(events[0]?.type, "refreshed");
  });

  it("shares one refresh between concurrent requests", async () => {
    let releaseRefresh: () => void = () => undefined;
    const refreshGate = new Promise<void>((resolve) => {
      releaseRefresh = resolve;
    });
    const { client, calls } = harness({
      "/api/v1/portfolio": [json({}, 401), json(fixture("portfolio"))],
      "/api/v1/portfolio/stats": [json({}, 401), json(fixture("portfolio_stats"))],
      "/api/v1/auth/refresh": [
        async () => {
          await refreshGate;
          return json(TOKENS);
        },
      ],
    });
    client.setAccessToken("expired");
    const both = Promise.all([client.json("/api/v1/portfolio"), client.json("/api/v1/portfolio/stats")]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    releaseRefresh();
    await both;
    assert.equal(calls.filter((call) => call.url === "/api/v1/auth/refresh").length, 1);
  });

  it("retries with a token another request already refreshed", async () => {
    const { client, calls } = harness({
      "/api/v1/portfolio": [
        () => {
          client.setAccessToken("fresh");
          return json({}, 401);
        },
        json(fixture("portfolio")),
      ],
    });
    client.setAccessToken("stale");
    await client.json("/api/v1/portfolio");
    assert.equal(calls.length, 2);
    assert.equal(header(calls[1], "Authorization"), "Bearer fresh");
  });

  it("ends the session when the refresh is refused", async () => {
    const { client, events } = harness({
      "/api/v1/portfolio": [json(fixture("problem_invalid_credentials"), 401)],
      "/api/v1/auth/refresh": [json(fixture("problem_csrf"), 403)],
    });
    client.setAccessToken("expired");
    await assert.rejects(client.json("/api/v1/portfolio"), (error: unknown) => error instanceof ApiError && error.status === 401);
    assert.equal(client.accessToken, null);
    assert.deepEqual(events, [{ type: "ended", reason: "expired" }]);
  });

  it("does not refresh without the CSRF cookie, and does not send a request sure to fail", async () => {
    const { client, calls, events } = harness({}, {});
    await assert.rejects(client.json("/api/v1/portfolio"), (error: unknown) => error instanceof ApiError && error.status === 401);
    assert.equal(calls.length, 0);
    assert.equal(client.hasSessionCookie(), false);
    assert.deepEqual(events, [{ type: "ended", reason: "expired" }]);
  });

  it("continues a session after a reload: refresh first, then the request", async () => {
    const { client, calls } = harness({ "/api/v1/auth/refresh": [json(TOKENS)], "/api/v1/portfolio": [json(fixture("portfolio"))] });
    await client.json("/api/v1/portfolio");
    assert.deepEqual(
      calls.map((call) => call.url),
      ["/api/v1/auth/refresh", "/api/v1/portfolio"],
    );
  });

  it("does not refresh on 401 of a public request (wrong password)", async () => {
    const { client, calls } = harness({ "/api/v1/auth/login": [json(fixture("problem_invalid_credentials"), 401)] });
    await assert.rejects(client.json("/api/v1/auth/login", { method: "POST", body: {}, auth: false }), /not correct/);
    assert.equal(calls.length, 1);
  });

  it("turns problem+json into an ApiError with field errors, reason and Retry-After", async () => {
    const { client } = harness({
      "/api/v1/market/candles": [json(fixture("problem_validation"), 400)],
      "/api/v1/trading/orders": [json(fixture("problem_order_rejected"), 422)],
      "/api/v1/auth/login": [json({ type: "/problems/rate-limited", title: "Too many requests", status: 429, detail: "Slow down." }, 429, { "Retry-After": "17" })],
    });
    client.setAccessToken("t");
    const validation = await client.json("/api/v1/market/candles", { auth: false }).catch((error: unknown) => error);
    assert.ok(validation instanceof ApiError);
    assert.equal(validation.kind, "validation");
    assert.deepEqual(validation.fieldErrors, { interval: "unknown interval" });
    const rejected = await client.json("/api/v1/trading/orders", { method: "POST", body: {} }).catch((error: unknown) => error);
    assert.ok(rejected instanceof ApiError);
    assert.equal(rejected.reason, "insufficient_cash");
    assert.equal(rejected.status, 422);
    assert.match(rejected.problem.request_id ?? "", /^[0-9A-F-]{36}$/);
    const limited = await client.json("/api/v1/auth/login", { method: "POST", auth: false }).catch((error: unknown) => error);
    assert.ok(limited instanceof ApiError);
    assert.equal(limited.retryAfter, 17);
    assert.equal(limited.userMessage, "Slow down. Try again in 17 s.");
  });

  it("names an error page that is not JSON after its status", async () => {
    const { client } = harness({ "/api/v1/portfolio": [new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway", headers: { "Content-Type": "text/html" } })] });
    client.setAccessToken("t");
    const error = await client.json("/api/v1/portfolio").catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 502);
    assert.equal(error.message, "Bad Gateway");
  });

  it("reports a network failure as status 0", async () => {
    const { client } = harness({ "/api/v1/portfolio": [new TypeError("fetch failed")] });
    client.setAccessToken("t");
    const error = await client.json("/api/v1/portfolio").catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 0);
    assert.equal(error.problem.title, "Network error");
  });

  it("passes an abort through untouched", async () => {
    const abort = new Error("aborted");
    abort.name = "AbortError";
    const { client } = harness({ "/api/v1/portfolio": [abort] });
    client.setAccessToken("t");
    await assert.rejects(client.json("/api/v1/portfolio"), (error: unknown) => error === abort);
  });

  it("keeps the session when the refresh fails for a transient reason", async () => {
    const { client, events } = harness({ "/api/v1/auth/refresh": [json({ type: "/problems/busy", title: "Busy", status: 503 }, 503, { "Retry-After": "1" })] });
    await assert.rejects(client.refresh(), (error: unknown) => error instanceof ApiError && error.status === 503 && error.retryAfter === 1);
    assert.deepEqual(events, []);
  });

  it("returns undefined for 204 and a Blob for CSV", async () => {
    const { client } = harness({
      "/api/v1/users/me/sessions/abc": [new Response(null, { status: 204 })],
      "/api/v1/portfolio/transactions": [new Response("time,id\n", { status: 200, headers: { "Content-Type": "text/csv" } })],
    });
    client.setAccessToken("t");
    assert.equal(await client.json("/api/v1/users/me/sessions/abc", { method: "DELETE" }), undefined);
    const blob = await client.blob("/api/v1/portfolio/transactions", { query: { format: "csv" } });
    assert.equal(await blob.text(), "time,id\n");
  });

  it("logs out with the CSRF header and forgets the token even if the network fails", async () => {
    const ok = harness({ "/api/v1/auth/logout": [new Response(null, { status: 204 })] });
    ok.client.setAccessToken("t");
    await ok.client.logout();
    assert.equal(header(ok.calls[0], "X-CSRF-Token"), "csrf-123");
    assert.equal(ok.client.accessToken, null);
    assert.deepEqual(ok.events, [{ type: "ended", reason: "logout" }]);

    const offline = harness({ "/api/v1/auth/logout": [new TypeError("offline")] });
    offline.client.setAccessToken("t");
    await offline.client.logout();
    assert.equal(offline.client.accessToken, null);

    const noCookie = harness({}, {});
    await noCookie.client.logout();
    assert.equal(noCookie.calls.length, 0);
    assert.deepEqual(noCookie.events, [{ type: "ended", reason: "logout" }]);
  });

  it("stops notifying a listener once unsubscribed", async () => {
    const { client } = harness({});
    const seen: string[] = [];
    const stop = client.onSession((event) => seen.push(event.type));
    client.endSession("logout");
    stop();
    client.endSession("logout");
    assert.deepEqual(seen, ["ended"]);
  });
});

describe("problems", () => {
  it("reads the problem body defensively", () => {
    assert.deepEqual(parseProblem(null, 500), { type: "about:blank", title: "Server error", status: 500 });
    assert.deepEqual(parseProblem({ title: 5, invalid_params: [{ name: "a", reason: "b" }, { name: 1 }, "x"] }, 400), {
      type: "about:blank",
      title: "Request failed (400)",
      status: 400,
      invalid_params: [{ name: "a", reason: "b" }],
    });
    assert.equal(parseProblem({}, 429).title, "Too many requests");
    assert.equal(parseProblem({}, 0).title, "Network error");
    assert.equal(problemKind({ type: "/problems/order-rejected" }), "order-rejected");
    assert.equal(problemKind({ type: "about:blank" }), "");
  });

  it("reads Retry-After as seconds or a date", () => {
    assert.equal(parseRetryAfter("30"), 30);
    assert.equal(parseRetryAfter(null), null);
    assert.equal(parseRetryAfter(""), null);
    assert.equal(parseRetryAfter("soon"), null);
    const now = Date.parse("2026-01-01T00:00:00Z");
    assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now), 10);
  });

  it("gives a message for anything thrown", () => {
    assert.equal(errorMessage(new Error("boom")), "boom");
    assert.equal(errorMessage("plain"), "plain");
    assert.equal(errorMessage(new ApiError({ type: "about:blank", title: "Title", status: 400 })), "Title");
  });

  it("builds query strings", () => {
    assert.equal(queryString(undefined), "");
    assert.equal(queryString({}), "");
    assert.equal(queryString({ symbol: "BTCUSDT", from: "2026-01-01T00:00:00.000Z" }), "?symbol=BTCUSDT&from=2026-01-01T00%3A00%3A00.000Z");
  });
});
