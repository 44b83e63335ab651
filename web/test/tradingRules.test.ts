// The rules the pages take from GET /api/v1/trading/config: fee, slippage and price age limit (the server's
// defaults until it has loaded), and the symbols a bot is offered.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SymbolInfo, TradingConfig } from "../src/api/types";
import { isStale, MAX_PRICE_AGE_MS } from "../src/quote";
import { DEFAULT_FEE_BPS, DEFAULT_SLIPPAGE_BPS } from "../src/tradePreview";
import { botSymbolOptions, DEFAULT_TRADING_RULES, tradingRules } from "../src/tradingRules";
import { fixture } from "./fixtures";

const config = fixture("trading_config") as TradingConfig;
const symbols = fixture("market_symbols") as SymbolInfo[];

describe("trading rules", () => {
  it("stands in with the server's defaults until the config has loaded", () => {
    assert.deepEqual(tradingRules(undefined), { feeBps: DEFAULT_FEE_BPS, slippageBps: DEFAULT_SLIPPAGE_BPS, maxPriceAgeMs: MAX_PRICE_AGE_MS, published: false });
    assert.equal(tradingRules(undefined), DEFAULT_TRADING_RULES);
  });

  it("takes the served fee, slippage and price age limit", () => {
    assert.deepEqual(tradingRules(config), { feeBps: 10, slippageBps: 5, maxPriceAgeMs: 60_000, published: true });
    assert.deepEqual(tradingRules({ ...config, fee_bps: 20, slippage_bps: 0, max_price_age_seconds: 15 }), { feeBps: 20, slippageBps: 0, maxPriceAgeMs: 15_000, published: true });
    assert.deepEqual(tradingRules({ ...config, fee_bps: 1000, slippage_bps: 1000, max_price_age_seconds: 3600 }), { feeBps: 1000, slippageBps: 1000, maxPriceAgeMs: 3_600_000, published: true });
  });

  it("keeps a default for a value outside the API's bounds rather than break the preview", () => {
    const odd = { ...config, fee_bps: 1.5, slippage_bps: -1, max_price_age_seconds: 0 };
    assert.deepEqual(tradingRules(odd), { feeBps: DEFAULT_FEE_BPS, slippageBps: DEFAULT_SLIPPAGE_BPS, maxPriceAgeMs: MAX_PRICE_AGE_MS, published: true });
    assert.equal(tradingRules({ ...config, fee_bps: 1001 }).feeBps, DEFAULT_FEE_BPS);
  });

  it("judges staleness by the served limit", () => {
    const strict = tradingRules({ ...config, max_price_age_seconds: 15 });
    assert.equal(isStale(0, 20_000, strict.maxPriceAgeMs), true);
    assert.equal(isStale(0, 20_000, tradingRules(config).maxPriceAgeMs), false);
    const lenient = tradingRules({ ...config, max_price_age_seconds: 300 });
    assert.equal(isStale(0, 90_000, lenient.maxPriceAgeMs), false);
  });
});

describe("bot symbol choices", () => {
  it("offers only the symbols with a live feed", () => {
    // The simulated market lists BTCUSDT and ETHUSDT; only BTCUSDT has a live feed.
    assert.ok(symbols.some((info) => info.symbol === "ETHUSDT"));
    assert.deepEqual(botSymbolOptions(config.live_symbols, symbols, "BTCUSDT"), [{ value: "BTCUSDT", label: "BTC/USDT" }]);
    assert.deepEqual(botSymbolOptions(["BTCUSDT", "ETHUSDT"], symbols, "ETHUSDT"), [
      { value: "BTCUSDT", label: "BTC/USDT" },
      { value: "ETHUSDT", label: "ETH/USDT" },
    ]);
  });

  it("offers only the current symbol while the live ones are not known", () => {
    assert.deepEqual(botSymbolOptions(undefined, symbols, "BTCUSDT"), [{ value: "BTCUSDT", label: "BTC/USDT" }]);
    assert.deepEqual(botSymbolOptions(undefined, [], "BTCUSDT"), [{ value: "BTCUSDT", label: "BTCUSDT" }]);
  });

  it("shows a current symbol without a live feed as such, not as another symbol", () => {
    assert.deepEqual(botSymbolOptions(["BTCUSDT"], symbols, "ETHUSDT"), [
      { value: "ETHUSDT", label: "ETH/USDT (no live feed)", disabled: true },
      { value: "BTCUSDT", label: "BTC/USDT" },
    ]);
    assert.deepEqual(botSymbolOptions([], symbols, "BTCUSDT"), [{ value: "BTCUSDT", label: "BTC/USDT (no live feed)", disabled: true }]);
    assert.deepEqual(botSymbolOptions(["SOLUSDT"], symbols, ""), [{ value: "SOLUSDT", label: "SOLUSDT" }]);
  });
});
