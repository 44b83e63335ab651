// Every endpoint function sends the method, path, query and body the server's routes expect
// (Sources/DraizerServer/Controllers), with the bearer token where the route needs one.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as account from "../src/api/account";
import * as ai from "../src/api/ai";
import * as auth from "../src/api/auth";
import { ApiClient } from "../src/api/client";
import * as market from "../src/api/market";
import * as portfolio from "../src/api/portfolio";
import { streamTicket } from "../src/api/stream";

interface Sent {
  method: string;
  url: string;
  body: unknown;
  bearer: boolean;
  headers: Record<string, string>;
}

function recorder() {
  const sent: Sent[] = [];
  const client = new ApiClient({
    fetch: async (url, init) => {
      const headers = (init.headers ?? {}) as Record<string, string>;
      sent.push({ method: init.method ?? "GET", url, body: init.body === undefined ? undefined : JSON.parse(String(init.body)), bearer: "Authorization" in headers, headers });
      return new Response("{}", { status: 200, headers: { "Content-Type": "application/json" } });
    },
    readCookie: () => "csrf",
  });
  client.setAccessToken("token");
  return { client, sent };
}

type Call = [string, (client: ApiClient) => Promise<unknown>, string, string, unknown?, boolean?];

const CALLS: Call[] = [
  ["register", (c) => auth.register(c, { email: "a@b.co", username: "abc", password: "p" }), "POST", "/api/v1/auth/register", { email: "a@b.co", username: "abc", password: "p" }, false],
  ["login", (c) => auth.login(c, "abc", "p"), "POST", "/api/v1/auth/login", { username: "abc", password: "p" }, false],
  ["verifyMfa", (c) => auth.verifyMfa(c, "m", { code: "123456" }), "POST", "/api/v1/auth/mfa/verify", { mfa_token: "m", code: "123456" }, false],
  ["setupMfa", (c) => auth.setupMfa(c), "POST", "/api/v1/auth/mfa/setup"],
  ["enableMfa", (c) => auth.enableMfa(c, "123456"), "POST", "/api/v1/auth/mfa/enable", { code: "123456" }],
  ["disableMfa", (c) => auth.disableMfa(c, "p", { recovery_code: "r" }), "POST", "/api/v1/auth/mfa/disable", { password: "p", recovery_code: "r" }],
  ["regenerateRecoveryCodes", (c) => auth.regenerateRecoveryCodes(c, "123456"), "POST", "/api/v1/auth/mfa/recovery-codes", { code: "123456" }],
  ["changePassword", (c) => auth.changePassword(c, "old", "new"), "POST", "/api/v1/auth/password/change", { current_password: "old", new_password: "new" }],
  ["logoutAll", (c) => auth.logoutAll(c), "POST", "/api/v1/auth/logout-all"],
  ["verifyEmail", (c) => auth.verifyEmail(c, "t"), "POST", "/api/v1/auth/verify-email", { token: "t" }, false],
  ["resendVerification", (c) => auth.resendVerification(c), "POST", "/api/v1/auth/verify-email/resend"],
  ["me", (c) => account.me(c), "GET", "/api/v1/users/me"],
  ["updateMe", (c) => account.updateMe(c, { full_name: "Ada" }), "PATCH", "/api/v1/users/me", { full_name: "Ada" }],
  ["deleteAccount", (c) => account.deleteAccount(c, "p", { code: "123456" }), "DELETE", "/api/v1/users/me", { password: "p", code: "123456" }],
  ["sessions", (c) => account.sessions(c), "GET", "/api/v1/users/me/sessions"],
  ["revokeSession", (c) => account.revokeSession(c, "A B"), "DELETE", "/api/v1/users/me/sessions/A%20B"],
  ["securityEvents", (c) => account.securityEvents(c, 2), "GET", "/api/v1/users/me/security-events?page=2&per_page=10"],
  ["exchangeKeys", (c) => account.exchangeKeys(c), "GET", "/api/v1/users/me/exchange-keys"],
  ["storeExchangeKeys", (c) => account.storeExchangeKeys(c, "k", "s"), "PUT", "/api/v1/users/me/exchange-keys", { api_key: "k", secret_key: "s" }],
  ["removeExchangeKeys", (c) => account.removeExchangeKeys(c), "DELETE", "/api/v1/users/me/exchange-keys"],
  ["venue", (c) => account.venue(c), "GET", "/api/v1/trading/venue"],
  ["setVenue", (c) => account.setVenue(c, "paper"), "PUT", "/api/v1/trading/venue", { venue: "paper" }],
  ["readiness", (c) => market.readiness(c), "GET", "/ready", undefined, false],
  ["tradingConfig", (c) => market.tradingConfig(c), "GET", "/api/v1/trading/config", undefined, false],
  ["symbols", (c) => market.symbols(c), "GET", "/api/v1/market/symbols", undefined, false],
  ["price", (c) => market.price(c, "BTCUSDT"), "GET", "/api/v1/market/price?symbol=BTCUSDT", undefined, false],
  ["ticker", (c) => market.ticker(c, "BTCUSDT"), "GET", "/api/v1/market/ticker?symbol=BTCUSDT", undefined, false],
  ["candles", (c) => market.candles(c, { symbol: "BTCUSDT", interval: "1h", limit: 120, start: 5 }), "GET", "/api/v1/market/candles?symbol=BTCUSDT&interval=1h&limit=120&start=5", undefined, false],
  ["portfolio", (c) => portfolio.portfolio(c), "GET", "/api/v1/portfolio"],
  ["positions", (c) => portfolio.positions(c), "GET", "/api/v1/portfolio/positions"],
  ["stats", (c) => portfolio.stats(c), "GET", "/api/v1/portfolio/stats"],
  ["equityCurve", (c) => portfolio.equityCurve(c, 2), "GET", "/api/v1/portfolio/equity?run=2"],
  ["transactions", (c) => portfolio.transactions(c, { page: 2, per_page: 25, side: "sell", symbol: "BTCUSDT", from: "2026-01-01T00:00:00Z" }), "GET", "/api/v1/portfolio/transactions?page=2&per_page=25&side=sell&symbol=BTCUSDT&from=2026-01-01T00%3A00%3A00Z"],
  ["transactionsCsv", (c) => portfolio.transactionsCsv(c, { page: 3, side: "buy" }), "GET", "/api/v1/portfolio/transactions?side=buy&format=csv"],
  ["resetPortfolio", (c) => portfolio.resetPortfolio(c), "POST", "/api/v1/portfolio/reset"],
  ["placeOrder", (c) => portfolio.placeOrder(c, { side: "buy", symbol: "BTCUSDT", quote_amount: "10" }, "key-1"), "POST", "/api/v1/trading/orders", { side: "buy", symbol: "BTCUSDT", quote_amount: "10" }],
  ["bot", (c) => ai.bot(c), "GET", "/api/v1/ai/bot"],
  ["updateBot", (c) => ai.updateBot(c, { interval_minutes: 5 }), "PUT", "/api/v1/ai/bot", { interval_minutes: 5 }],
  ["startBot", (c) => ai.startBot(c), "POST", "/api/v1/ai/bot/start"],
  ["stopBot", (c) => ai.stopBot(c), "POST", "/api/v1/ai/bot/stop"],
  ["decisions", (c) => ai.decisions(c, { page: 1, per_page: 20, action: "BUY", engine: "llm", executed: true, symbol: "BTCUSDT" }), "GET", "/api/v1/ai/decisions?page=1&per_page=20&action=BUY&engine=llm&executed=true&symbol=BTCUSDT"],
  ["decision", (c) => ai.decision(c, "abc"), "GET", "/api/v1/ai/decisions/abc"],
  ["analyze", (c) => ai.analyze(c, { symbol: "BTCUSDT", execute: false }), "POST", "/api/v1/ai/analyze", { symbol: "BTCUSDT", execute: false }],
  ["streamTicket", (c) => streamTicket(c), "POST", "/api/v1/stream/ticket"],
];

describe("endpoints", () => {
  for (const [name, call, method, url, body, bearer = true] of CALLS) {
    it(`${name} → ${method} ${url}`, async () => {
      const { client, sent } = recorder();
      await call(client);
      assert.equal(sent.length, 1);
      assert.deepEqual({ method: sent[0]?.method, url: sent[0]?.url, body: sent[0]?.body, bearer: sent[0]?.bearer }, { method, url, body, bearer });
    });
  }

  it("sends the idempotency key with an order and asks for CSV when exporting", async () => {
    const { client, sent } = recorder();
    await portfolio.placeOrder(client, { side: "sell", symbol: "BTCUSDT", quantity: "0.1" }, "key-7");
    assert.equal(sent[0]?.headers["Idempotency-Key"], "key-7");
    await portfolio.transactionsCsv(client);
    assert.match(sent[1]?.headers.Accept ?? "", /text\/csv/);
  });
});
