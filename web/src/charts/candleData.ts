// Candle data for the chart: merging live updates into the series, and placing trades on it. Floats
// appear only in the points handed to the canvas; the series itself keeps the server's exact strings.

import type { Candle, CandleInterval, StreamCandle, Transaction } from "../api/types";
import { tryParseUnits } from "../decimal";

const MINUTE = 60_000;
const INTERVAL_MS: Record<CandleInterval, number> = {
  "1m": MINUTE,
  "3m": 3 * MINUTE,
  "5m": 5 * MINUTE,
  "15m": 15 * MINUTE,
  "30m": 30 * MINUTE,
  "1h": 60 * MINUTE,
  "2h": 120 * MINUTE,
  "4h": 240 * MINUTE,
  "6h": 360 * MINUTE,
  "8h": 480 * MINUTE,
  "12h": 720 * MINUTE,
  "1d": 1440 * MINUTE,
};

export function intervalMs(interval: CandleInterval): number {
  return INTERVAL_MS[interval];
}

export interface CandlePoint {
  x: number;
  /** The body, low to high edge: what the floating bar draws. */
  y: [number, number];
  o: number;
  h: number;
  l: number;
  c: number;
  up: boolean;
}

export function toCandlePoints(candles: readonly Candle[]): CandlePoint[] {
  return candles.map((candle) => {
    const o = Number(candle.open);
    const c = Number(candle.close);
    return { x: candle.open_time, y: [Math.min(o, c), Math.max(o, c)], o, h: Number(candle.high), l: Number(candle.low), c, up: c >= o };
  });
}

function larger(a: string, b: string): string {
  const x = tryParseUnits(a);
  const y = tryParseUnits(b);
  return x !== null && y !== null && y > x ? b : a;
}

function smaller(a: string, b: string): string {
  const x = tryParseUnits(a);
  const y = tryParseUnits(b);
  return x !== null && y !== null && y < x ? b : a;
}

/** A streamed candle merged into the series: replaces the candle it updates, or appends a newer one. */
export function mergeCandle(candles: readonly Candle[], update: Pick<StreamCandle, "open_time" | "open" | "high" | "low" | "close" | "volume">, limit = 500): Candle[] {
  const candle: Candle = { open_time: update.open_time, open: update.open, high: update.high, low: update.low, close: update.close, volume: update.volume };
  const last = candles[candles.length - 1];
  if (!last || update.open_time > last.open_time) return [...candles, candle].slice(-limit);
  const index = candles.findIndex((existing) => existing.open_time === update.open_time);
  if (index < 0) return [...candles];
  const next = [...candles];
  next[index] = candle;
  return next;
}

/**
 * A price tick applied to the forming candle of an interval the stream does not send candles for (it
 * sends 1m only): moves its close and stretches its high and low. A tick past the last candle's period
 * starts the next candle (open = the previous close), since the candles endpoint lists closed candles only.
 */
export function applyTick(candles: readonly Candle[], price: string, at: number, periodMs: number, limit = 500): Candle[] {
  const last = candles[candles.length - 1];
  if (!last || at < last.open_time) return [...candles];
  if (at >= last.open_time + periodMs) {
    const openTime = last.open_time + Math.floor((at - last.open_time) / periodMs) * periodMs;
    const forming: Candle = { open_time: openTime, open: last.close, high: larger(last.close, price), low: smaller(last.close, price), close: price, volume: "0" };
    return [...candles, forming].slice(-limit);
  }
  const updated: Candle = { ...last, close: price, high: larger(last.high, price), low: smaller(last.low, price) };
  return [...candles.slice(0, -1), updated];
}

export interface TradeMarker {
  x: number;
  y: number;
  side: "buy" | "sell";
  label: string;
}

/** Each trade placed on the candle whose period contains it; trades outside the series are left out. */
export function tradeMarkers(trades: readonly Transaction[], candles: readonly Candle[], periodMs: number, describe: (trade: Transaction) => string): TradeMarker[] {
  const first = candles[0];
  const last = candles[candles.length - 1];
  if (!first || !last) return [];
  const markers: TradeMarker[] = [];
  for (const trade of trades) {
    if (!trade.created_at) continue;
    const at = Date.parse(trade.created_at);
    if (Number.isNaN(at) || at < first.open_time || at >= last.open_time + periodMs) continue;
    const x = first.open_time + Math.floor((at - first.open_time) / periodMs) * periodMs;
    markers.push({ x, y: Number(trade.price), side: trade.side, label: describe(trade) });
  }
  return markers;
}
