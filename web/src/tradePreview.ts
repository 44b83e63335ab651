// The manual trade form's preview: what a market order would most likely fill at, mirroring the server's
// paper execution (DraizerCore/PaperExecution.swift, SlippageModel.swift, FeeModel.swift) in exact
// fixed-point arithmetic: slippage against the user rounded onto the tick, the quantity floored to the lot
// step, a quote-amount buy sized so cost plus fee fits the amount, the fee rounded up. The price moves before
// the order arrives, so this is an estimate; the server's answer is the truth.

import { basisPoints, divide, floorToStep, formatUnits, multiply, ONE, tryParseUnits } from "./decimal";
import type { OrderSide, SymbolInfo } from "./api/types";

/**
 * The server's defaults (TRADING_FEE_BPS, SLIPPAGE_BPS): a fallback only while GET /api/v1/trading/config,
 * which publishes the configured values, is loading (see tradingRules.ts).
 */
export const DEFAULT_FEE_BPS = 10;
export const DEFAULT_SLIPPAGE_BPS = 5;

export type OrderSize = { kind: "quote"; amount: string } | { kind: "quantity"; quantity: string };

export interface PreviewInput {
  side: OrderSide;
  size: OrderSize;
  /** The latest market price (reference for the fill). */
  price: string;
  symbol: Pick<SymbolInfo, "symbol" | "base_asset" | "quote_asset" | "tick_size" | "step_size" | "min_quantity" | "max_quantity" | "min_notional">;
  cash: string;
  /** Quantity of the symbol held now. */
  held: string;
  /** The server's fee and slippage (GET /api/v1/trading/config), in basis points. */
  feeBps: number;
  slippageBps: number;
}

export interface Preview {
  fillPrice: string;
  quantity: string;
  /** price × quantity, rounded against the user. */
  quoteAmount: string;
  fee: string;
  /** Cash leaving (buy: amount + fee) or arriving (sell: amount − fee). */
  cashChange: string;
  cashAfter: string;
  heldAfter: string;
}

export type PreviewResult =
  | { ok: true; preview: Preview }
  | { ok: false; reason: string; message: string; preview?: Preview };

function fail(reason: string, message: string, preview?: Preview): PreviewResult {
  return preview ? { ok: false, reason, message, preview } : { ok: false, reason, message };
}

/** `reference × (1 ± bps)` onto the tick grid, up for buys and down for sells, in one exact division. */
export function fillPrice(side: OrderSide, reference: bigint, tickSize: bigint, slippageBps: number): bigint {
  const rate = basisPoints(slippageBps);
  const factor = side === "buy" ? ONE + rate : ONE - rate;
  const tick = tickSize > 0n ? tickSize : 1n;
  const ticks = divide(reference * factor, ONE * tick, side === "buy" ? "up" : "down");
  return ticks * tick;
}

/** `price × quantity` in the quote currency. */
export function notional(price: bigint, quantity: bigint, rounding: "up" | "down"): bigint {
  return multiply(price, quantity, rounding);
}

/** The fee on a fill worth `quoteAmount`, rounded up so it is never undercharged. */
export function feeOn(quoteAmount: bigint, feeBps: number): bigint {
  return multiply(quoteAmount, basisPoints(feeBps), "up");
}

/** The largest quantity on the step grid whose cost (rounded up) plus fee (rounded up) fits `budget`. */
export function largestAffordableQuantity(budget: bigint, price: bigint, step: bigint, feeBps: number): bigint {
  const unit = step > 0n ? step : 1n;
  const bound = (budget * ONE) / price;
  let low = 0n;
  let high = bound / unit;
  const fits = (steps: bigint): boolean => {
    const cost = notional(price, steps * unit, "up");
    return cost + feeOn(cost, feeBps) <= budget;
  };
  while (low < high) {
    const middle = low + (high - low + 1n) / 2n;
    if (fits(middle)) low = middle;
    else high = middle - 1n;
  }
  return low * unit;
}

export function previewOrder(input: PreviewInput): PreviewResult {
  const { feeBps, slippageBps } = input;
  const reference = tryParseUnits(input.price);
  const cash = tryParseUnits(input.cash);
  const held = tryParseUnits(input.held) ?? 0n;
  const tick = tryParseUnits(input.symbol.tick_size) ?? 0n;
  const step = tryParseUnits(input.symbol.step_size) ?? 0n;
  const minQuantity = tryParseUnits(input.symbol.min_quantity) ?? 0n;
  const maxQuantity = tryParseUnits(input.symbol.max_quantity) ?? 0n;
  const minNotional = input.symbol.min_notional !== undefined ? tryParseUnits(input.symbol.min_notional) ?? 0n : 0n;
  const base = input.symbol.base_asset;
  const quote = input.symbol.quote_asset;
  if (reference === null || reference <= 0n) return fail("no_price", "There is no current price yet.");
  if (cash === null) return fail("no_cash", "The cash balance is not known yet.");

  const sizeText = input.size.kind === "quote" ? input.size.amount : input.size.quantity;
  if (sizeText.trim() === "") return fail("empty_order", "Enter an amount.");
  const size = tryParseUnits(sizeText);
  if (size === null) return fail("invalid_number", "Enter a number with at most 8 decimals.");
  if (size <= 0n) return fail("empty_order", "The order size must be greater than zero.");
  if (input.side === "sell" && held === 0n) return fail("nothing_to_sell", `Nothing to sell: there is no ${base} position.`);

  const price = fillPrice(input.side, reference, tick, slippageBps);
  if (price <= 0n) return fail("price_below_minimum", "The price is too small to trade.");

  let quantity: bigint;
  if (input.size.kind === "quote" && input.side === "buy") {
    if (size > cash) {
      return fail("insufficient_cash", `The amount is above the available cash (${formatUnits(cash)} ${quote}).`);
    }
    quantity = floorToStep(largestAffordableQuantity(size, price, step, feeBps), step);
    if (quantity === 0n) return fail("amount_below_lot_step", `${formatUnits(size)} ${quote} does not buy one lot step (${formatUnits(step)} ${base}).`);
  } else if (input.size.kind === "quote") {
    quantity = floorToStep(divide(size * ONE, price, "down"), step);
    if (quantity === 0n) return fail("amount_below_lot_step", `${formatUnits(size)} ${quote} is less than one lot step (${formatUnits(step)} ${base}).`);
    if (quantity > held) return fail("insufficient_position", `Only ${formatUnits(held)} ${base} is held.`);
  } else {
    if (input.side === "sell" && size > held) return fail("insufficient_position", `Only ${formatUnits(held)} ${base} is held.`);
    quantity = floorToStep(size, step);
    if (quantity === 0n) return fail("quantity_below_lot_step", `The quantity is smaller than one lot step (${formatUnits(step)} ${base}).`);
  }

  const quoteAmount = notional(price, quantity, input.side === "buy" ? "up" : "down");
  const fee = feeOn(quoteAmount, feeBps);
  const cashChange = input.side === "buy" ? quoteAmount + fee : quoteAmount - fee;
  const cashAfter = input.side === "buy" ? cash - cashChange : cash + cashChange;
  const heldAfter = input.side === "buy" ? held + quantity : held - quantity;
  const preview: Preview = {
    fillPrice: formatUnits(price),
    quantity: formatUnits(quantity),
    quoteAmount: formatUnits(quoteAmount),
    fee: formatUnits(fee),
    cashChange: formatUnits(cashChange),
    cashAfter: formatUnits(cashAfter),
    heldAfter: formatUnits(heldAfter),
  };

  if (quantity < minQuantity) return fail("quantity_below_minimum", `The minimum quantity is ${formatUnits(minQuantity)} ${base}.`, preview);
  if (maxQuantity > 0n && quantity > maxQuantity) return fail("quantity_above_maximum", `The maximum quantity is ${formatUnits(maxQuantity)} ${base}.`, preview);
  if (minNotional > 0n && notional(price, quantity, "down") < minNotional) {
    return fail("below_minimum_notional", `The order value must be at least ${formatUnits(minNotional)} ${quote}.`, preview);
  }
  if (input.side === "buy" && cashAfter < 0n) {
    return fail("insufficient_cash", `This needs ${formatUnits(cashChange)} ${quote} including the fee; ${formatUnits(cash)} is available.`, preview);
  }
  return { ok: true, preview };
}

/** `share` percent of `total`, floored to `step` (for the 25 % / 50 % / 100 % buttons). */
export function shareOf(total: string, share: number, step: string): string {
  const units = tryParseUnits(total);
  const stepUnits = tryParseUnits(step) ?? 1n;
  if (units === null || units <= 0n) return "";
  return formatUnits(floorToStep(divide(units * BigInt(share), 100n, "down"), stepUnits));
}
