import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cookieValue } from "../src/api/cookies";
import { isMfaChallenge, loginIdentifier } from "../src/api/auth";
import type { LoginResponse, StreamTrade, Ticker } from "../src/api/types";
import { percentOf } from "../src/decimal";
import { groupSecret, MINUS } from "../src/format";
import { decisionQuery, tradeQuery } from "../src/pageQueries";
import { dayChange, isStale, MAX_PRICE_AGE_MS, priceAge } from "../src/quote";
import { randomKey } from "../src/randomKey";
import { accessOf, stateFromTokens } from "../src/state/session";
import { applyTheme, nextThemePreference, parseThemePreference, readThemePreference, resolveTheme, THEME_STORAGE_KEY, writeThemePreference } from "../src/state/theme";
import { shareOf } from "../src/tradePreview";
import { describeUserAgent } from "../src/userAgent";
import { tradeToastText } from "../src/notifications";
import { fixture } from "./fixtures";

describe("24h change and staleness", () => {
  const ticker = fixture("market_ticker") as Ticker;

  it("keeps the server's figures without a live price", () => {
    assert.deepEqual(dayChange(ticker), { change: "-272.47", percent: "-0.398" });
  });

  it("moves the change with the live price, against the price 24 hours ago", () => {
    // open = 68181.21 − (−272.47) = 68453.68
    assert.deepEqual(dayChange(ticker, "68453.68"), { change: "0", percent: "0" });
    assert.deepEqual(dayChange(ticker, "69138.2168"), { change: "684.5368", percent: "1" });
    assert.deepEqual(dayChange({ ...ticker, last_price: "x" }, "1"), { change: ticker.price_change, percent: ticker.price_change_percent });
    assert.deepEqual(dayChange({ ...ticker, last_price: "1", price_change: "1" }, "1"), { change: "1", percent: ticker.price_change_percent });
  });

  it("calls a price stale after the server's limit", () => {
    assert.equal(priceAge(1000, 500), 0);
    assert.equal(isStale(0, MAX_PRICE_AGE_MS, MAX_PRICE_AGE_MS), false);
    assert.equal(isStale(0, MAX_PRICE_AGE_MS + 1, MAX_PRICE_AGE_MS), true);
    assert.equal(isStale(undefined, 0, MAX_PRICE_AGE_MS), true);
    // The limit is the server's (max_price_age_seconds), not an assumed minute.
    assert.equal(isStale(0, 15_001, 15_000), true);
    assert.equal(isStale(0, 90_000, 120_000), false);
  });
});

describe("small helpers", () => {
  it("reads cookies", () => {
    assert.equal(cookieValue("a=1; draizer_csrf=abc%3D; b=2", "draizer_csrf"), "abc=");
    assert.equal(cookieValue("draizer_csrf=", "draizer_csrf"), null);
    assert.equal(cookieValue("other=1; novalue", "draizer_csrf"), null);
    assert.equal(cookieValue("draizer_csrf=%E0%A4%A", "draizer_csrf"), "%E0%A4%A");
  });

  it("tells a 2FA challenge from tokens and picks the login field", () => {
    assert.equal(isMfaChallenge(fixture("auth_login_mfa_challenge") as LoginResponse), true);
    assert.equal(isMfaChallenge(fixture("auth_register") as LoginResponse), false);
    assert.deepEqual(loginIdentifier(" alice@example.com "), { email: "alice@example.com" });
    assert.deepEqual(loginIdentifier("alice"), { username: "alice" });
  });

  it("derives the session state from tokens", () => {
    const tokens = fixture("auth_register") as Parameters<typeof stateFromTokens>[0];
    assert.equal(stateFromTokens(tokens).status, "enrolling");
    assert.equal(stateFromTokens({ ...tokens, mfa_setup_required: false }).status, "signedIn");
    assert.equal(accessOf({ status: "loading" }), null);
    assert.equal(accessOf({ status: "anonymous" }), "anonymous");
    assert.equal(accessOf(stateFromTokens(tokens)), "enrolling");
    assert.equal(accessOf(stateFromTokens({ ...tokens, mfa_setup_required: false })), "signedIn");
  });

  it("computes exact percentages and shares", () => {
    assert.equal(percentOf("-0.34988427", "1000"), "-0.03498843");
    assert.equal(percentOf(undefined, "1000"), undefined);
    assert.equal(percentOf("1", "0"), undefined);
    assert.equal(shareOf("834.65158753", 25, "0.01"), "208.66");
    assert.equal(shareOf("0.00292", 50, "0.00001"), "0.00146");
    assert.equal(shareOf("0.00292", 100, "0.00001"), "0.00292");
    assert.equal(shareOf("0", 100, "0.01"), "");
  });

  it("groups the 2FA secret for typing", () => {
    assert.equal(groupSecret("4WDL7B2K6WHNJL2C"), "4WDL 7B2K 6WHN JL2C");
  });

  it("makes random idempotency keys", () => {
    assert.equal(randomKey((bytes) => bytes.fill(171)), "ab".repeat(16));
    assert.match(randomKey(), /^[0-9a-f]{32}$/);
    assert.notEqual(randomKey(), randomKey());
  });

  it("names browsers", () => {
    assert.equal(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"), "Chrome on Linux");
    assert.equal(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0"), "Firefox on Windows");
    assert.equal(describeUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"), "Safari on iOS");
    assert.equal(describeUserAgent("python-requests/2.34.2"), "API client");
    assert.equal(describeUserAgent(undefined), "Unknown device");
    assert.equal(describeUserAgent("x".repeat(80)).length, 58);
    assert.equal(describeUserAgent("Edg/120"), "Edge");
  });

  it("builds the list queries from the address's filters", () => {
    const query = tradeQuery({ page: 2, side: "buy", symbol: "BTCUSDT", from: "2026-07-15", to: "2026-07-15" });
    assert.equal(query.page, 2);
    assert.equal(query.per_page, 25);
    assert.equal(Date.parse(query.to ?? "") - Date.parse(query.from ?? ""), 24 * 3_600_000);
    // Date.toISOString() as it is: the server takes fractional seconds.
    assert.equal(query.from, new Date("2026-07-15T00:00:00").toISOString());
    assert.match(query.to ?? "", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.deepEqual(tradeQuery({ page: 1 }), { page: 1, per_page: 25 });
    assert.deepEqual(decisionQuery({ page: 1, action: "SELL", engine: "rules", executed: false, symbol: "BTCUSDT" }), {
      page: 1,
      per_page: 20,
      action: "SELL",
      engine: "rules",
      executed: false,
      symbol: "BTCUSDT",
    });
  });

  it("words a trade notification", () => {
    const trade = (fixture("stream_messages") as { trade: StreamTrade }).trade;
    assert.deepEqual(tradeToastText(trade), { title: "▲ Bought 0.00029 BTCUSDT", message: "at 68,215.91 · Manual order" });
    assert.deepEqual(tradeToastText({ ...trade, side: "sell", source: "ai" }), { title: "▼ Sold 0.00029 BTCUSDT", message: "at 68,215.91 · By the bot" });
    assert.ok(!tradeToastText(trade).message.includes(MINUS));
  });
});

describe("theme", () => {
  it("reads, writes and resolves the preference", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    };
    assert.equal(readThemePreference(storage), "system");
    writeThemePreference(storage, "light");
    assert.equal(store.get(THEME_STORAGE_KEY), "light");
    assert.equal(readThemePreference(storage), "light");
    writeThemePreference(storage, "system");
    assert.equal(store.has(THEME_STORAGE_KEY), false);
    assert.equal(readThemePreference(null), "system");
    const broken = {
      getItem: (): string | null => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
      removeItem: () => undefined,
    };
    assert.equal(readThemePreference(broken), "system");
    writeThemePreference(broken, "dark");
    assert.equal(parseThemePreference("purple"), "system");
    assert.equal(resolveTheme("system", true), "light");
    assert.equal(resolveTheme("system", false), "dark");
    assert.equal(resolveTheme("dark", true), "dark");
    assert.deepEqual(["system", "dark", "light"].map((value) => nextThemePreference(parseThemePreference(value))), ["dark", "light", "system"]);
    const attributes: Record<string, string> = {};
    applyTheme({ setAttribute: (name, value) => (attributes[name] = value) }, "light");
    assert.deepEqual(attributes, { "data-theme": "light" });
  });
});
