// The preview mirrors the server's paper execution; the first two cases are orders the server really
// filled (test/fixtures/trading_order_buy.json and trading_order_sell.json) at a reference price of 68181.21,
// with the fee and slippage that server published (test/fixtures/trading_config.json).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PlacedOrder, SymbolInfo, TradingConfig } from "../src/api/types";
import { parseUnits } from "../src/decimal";
import { feeOn, fillPrice, largestAffordableQuantity, notional, previewOrder, type PreviewInput } from "../src/tradePreview";
import { fixture } from "./fixtures";

const symbols = fixture("market_symbols") as SymbolInfo[];
const BTC = symbols.find((info) => info.symbol === "BTCUSDT") as SymbolInfo;
const config = fixture("trading_config") as TradingConfig;

function input(overrides: Partial<PreviewInput>): PreviewInput {
  return {
    side: "buy",
    size: { kind: "quote", amount: "200" },
    price: "68181.21",
    symbol: BTC,
    cash: "1000",
    held: "0",
    feeBps: config.fee_bps,
    slippageBps: config.slippage_bps,
    ...overrides,
  };
}

describe("trade preview", () => {
  it("matches the server's fill of a 200 USDT buy", () => {
    const placed = fixture("trading_order_buy") as PlacedOrder;
    const result = previewOrder(input({}));
    assert.ok(result.ok);
    assert.equal(result.preview.fillPrice, placed.transaction.price);
    assert.equal(result.preview.quantity, placed.transaction.quantity);
    assert.equal(result.preview.quoteAmount, placed.transaction.quote_amount);
    assert.equal(result.preview.fee, placed.transaction.fee);
    assert.equal(result.preview.cashAfter, placed.cash);
    assert.equal(result.preview.heldAfter, "0.00292");
  });

  it("matches the server's fill of a 0.0005 BTC sell", () => {
    const placed = fixture("trading_order_sell") as PlacedOrder;
    const result = previewOrder(input({ side: "sell", size: { kind: "quantity", quantity: "0.0005" }, cash: "800.61210609", held: "0.00292" }));
    assert.ok(result.ok);
    assert.equal(result.preview.fillPrice, placed.transaction.price);
    assert.equal(result.preview.quoteAmount, placed.transaction.quote_amount);
    assert.equal(result.preview.fee, placed.transaction.fee);
    assert.equal(result.preview.cashAfter, placed.cash);
    assert.equal(result.preview.heldAfter, placed.position.quantity);
  });

  it("charges the fee and slippage it is given, not assumed ones", () => {
    // 20 bps of fee and no slippage: the fill is at the reference price, the fee is 0.2 % of the value
    // rounded up, and cost plus fee still fits the amount.
    const result = previewOrder(input({ feeBps: 20, slippageBps: 0 }));
    assert.ok(result.ok);
    assert.equal(result.preview.fillPrice, "68181.21");
    assert.equal(result.preview.quantity, "0.00292");
    assert.equal(result.preview.quoteAmount, "199.0891332");
    assert.equal(result.preview.fee, "0.39817827");
    assert.equal(parseUnits(result.preview.fee), feeOn(parseUnits(result.preview.quoteAmount), 20));
    assert.ok(parseUnits(result.preview.cashChange) <= parseUnits("200"));

    const sell = previewOrder(input({ side: "sell", size: { kind: "quantity", quantity: "0.001" }, held: "0.001", feeBps: 0, slippageBps: 8 }));
    assert.ok(sell.ok);
    // 68181.21 × (1 − 0.0008) = 68126.665…, down onto the 0.01 tick.
    assert.equal(sell.preview.fillPrice, "68126.66");
    assert.equal(sell.preview.fee, "0");
    assert.equal(sell.preview.cashChange, sell.preview.quoteAmount);
  });

  it("floors a quantity to the lot step", () => {
    const result = previewOrder(input({ size: { kind: "quantity", quantity: "0.0012345" } }));
    assert.ok(result.ok);
    assert.equal(result.preview.quantity, "0.00123");
  });

  it("sizes a sell by amount, floored to the step", () => {
    const result = previewOrder(input({ side: "sell", size: { kind: "quote", amount: "50" }, held: "0.01" }));
    assert.ok(result.ok);
    assert.equal(result.preview.quantity, "0.00073");
  });

  it("spends at most the amount, fee included", () => {
    const result = previewOrder(input({ size: { kind: "quote", amount: "1000" } }));
    assert.ok(result.ok);
    assert.ok(parseUnits(result.preview.cashChange) <= parseUnits("1000"));
    assert.ok(!result.preview.cashAfter.startsWith("-"));
  });

  it("explains what stops an order", () => {
    const reasons = (overrides: Partial<PreviewInput>) => {
      const result = previewOrder(input(overrides));
      return result.ok ? "ok" : result.reason;
    };
    assert.equal(reasons({ size: { kind: "quote", amount: "" } }), "empty_order");
    assert.equal(reasons({ size: { kind: "quote", amount: "0" } }), "empty_order");
    assert.equal(reasons({ size: { kind: "quote", amount: "12abc" } }), "invalid_number");
    assert.equal(reasons({ size: { kind: "quote", amount: "0.123456789" } }), "invalid_number");
    assert.equal(reasons({ price: "0" }), "no_price");
    assert.equal(reasons({ cash: "unknown" }), "no_cash");
    assert.equal(reasons({ size: { kind: "quote", amount: "1001" } }), "insufficient_cash");
    assert.equal(reasons({ size: { kind: "quote", amount: "0.5" } }), "amount_below_lot_step");
    assert.equal(reasons({ size: { kind: "quote", amount: "3" } }), "below_minimum_notional");
    assert.equal(reasons({ size: { kind: "quantity", quantity: "0.000001" } }), "quantity_below_lot_step");
    assert.equal(reasons({ size: { kind: "quantity", quantity: "1" } }), "insufficient_cash");
    assert.equal(reasons({ size: { kind: "quantity", quantity: "9001" }, cash: "1000000000" }), "quantity_above_maximum");
    assert.equal(reasons({ side: "sell", size: { kind: "quantity", quantity: "0.001" } }), "nothing_to_sell");
    assert.equal(reasons({ side: "sell", size: { kind: "quantity", quantity: "0.002" }, held: "0.001" }), "insufficient_position");
    assert.equal(reasons({ side: "sell", size: { kind: "quote", amount: "1000" }, held: "0.001" }), "insufficient_position");
    assert.equal(reasons({ side: "sell", size: { kind: "quote", amount: "0.1" }, held: "0.001" }), "amount_below_lot_step");
  });

  it("keeps the preview when only a filter refuses the order", () => {
    const result = previewOrder(input({ size: { kind: "quote", amount: "3" } }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.preview?.quantity === "0.00004");
  });

  it("applies the minimum quantity", () => {
    const result = previewOrder(input({ size: { kind: "quantity", quantity: "0.00001" }, symbol: { ...BTC, min_quantity: "0.0001", min_notional: "0" } }));
    assert.equal(result.ok ? "ok" : result.reason, "quantity_below_minimum");
  });
});

describe("execution arithmetic", () => {
  it("slips against the user onto the tick", () => {
    assert.equal(fillPrice("buy", parseUnits("68181.21"), parseUnits("0.01"), 5), parseUnits("68215.31"));
    assert.equal(fillPrice("sell", parseUnits("68181.21"), parseUnits("0.01"), 5), parseUnits("68147.11"));
    assert.equal(fillPrice("buy", parseUnits("100"), 0n, 0), parseUnits("100"));
  });

  it("rounds amounts and fees against the user", () => {
    assert.equal(notional(parseUnits("68147.11"), parseUnits("0.0005"), "down"), parseUnits("34.073555"));
    assert.equal(feeOn(parseUnits("199.1887052"), 10), parseUnits("0.19918871"));
  });

  it("finds the largest affordable quantity on the step grid", () => {
    assert.equal(largestAffordableQuantity(parseUnits("200"), parseUnits("68215.31"), parseUnits("0.00001"), 10), parseUnits("0.00292"));
    assert.equal(largestAffordableQuantity(parseUnits("1"), parseUnits("68215.31"), parseUnits("0.00001"), 10), parseUnits("0.00001"));
    assert.equal(largestAffordableQuantity(parseUnits("0.5"), parseUnits("68215.31"), parseUnits("0.00001"), 10), 0n);
  });
});
