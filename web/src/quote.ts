// The dashboard's quote: the 24h change moved along with live prices, and whether a price is stale.
// Exact for the change itself; only the percentage's last digit is rounded (for display).

import type { Ticker } from "./api/types";
import { divide, formatUnits, ONE, tryParseUnits } from "./decimal";

/**
 * MAX_PRICE_AGE_SECONDS' default: the server refuses orders on a price older than its configured limit
 * (`max_price_age_seconds` of GET /api/v1/trading/config); this stands in only while that loads.
 */
export const MAX_PRICE_AGE_MS = 60_000;

export interface DayChange {
  /** Price minus the price 24 hours ago. */
  change: string;
  /** As a percentage of the price 24 hours ago, 4 decimals. */
  percent: string;
}

/**
 * The 24h change for `price`, against the ticker's opening price (last − change). Falls back to the
 * ticker's own figures when the live price is unknown or the numbers do not parse.
 */
export function dayChange(ticker: Pick<Ticker, "last_price" | "price_change" | "price_change_percent">, price?: string): DayChange {
  const fallback = { change: ticker.price_change, percent: ticker.price_change_percent };
  const last = tryParseUnits(ticker.last_price, "halfUp");
  const changed = tryParseUnits(ticker.price_change, "halfUp");
  const now = price === undefined ? last : tryParseUnits(price, "halfUp");
  if (last === null || changed === null || now === null) return fallback;
  const open = last - changed;
  if (open <= 0n) return fallback;
  const change = now - open;
  // percent = change / open × 100, as units of 10⁻⁸, rounded half-up to 4 decimals.
  const percentUnits = divide(change * 100n * ONE, open, "halfUp");
  const rounded = divide(percentUnits, 10_000n, "halfUp") * 10_000n;
  return { change: formatUnits(change), percent: formatUnits(rounded) };
}

/** Milliseconds since the price arrived (live) or was observed by the server (REST answer). */
export function priceAge(receivedAt: number, now: number): number {
  return Math.max(0, now - receivedAt);
}

export function isStale(receivedAt: number | undefined, now: number, maxAgeMs: number): boolean {
  return receivedAt === undefined || priceAge(receivedAt, now) > maxAgeMs;
}
