// The equity curve against buy-and-hold: what the initial balance would be worth had it all been put
// into the symbol when the run started and held since.

import type { Candle, CandleInterval, EquityPoint } from "../api/types";
import { intervalMs } from "./candleData";

export interface XY {
  x: number;
  y: number;
}

/** The snapshots as points, with the current equity appended as the latest point when known. */
export function equityPoints(points: readonly EquityPoint[], current?: { time: number; equity: string }): XY[] {
  const series = points.map((point) => ({ x: Date.parse(point.time), y: Number(point.equity) })).filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  if (current && Number.isFinite(Number(current.equity))) {
    const last = series[series.length - 1];
    if (!last || current.time > last.x) series.push({ x: current.time, y: Number(current.equity) });
  }
  return series;
}

/**
 * Buy-and-hold from `runStart`: the price of the candle containing the start is the entry; every later
 * close values the holding, and `latest` (the live price) extends it to now. Empty without any price.
 */
export function buyAndHold(
  initialBalance: string,
  runStart: number,
  candles: readonly Candle[],
  interval: CandleInterval,
  now: number = Date.now(),
  latest?: { time: number; price: string },
): XY[] {
  const period = intervalMs(interval);
  const startIndex = candles.findIndex((candle) => candle.open_time + period > runStart);
  const entryCandle = candles[startIndex];
  // A run younger than one candle has no closed candle yet: the latest price is the entry then.
  const entry = Number(entryCandle?.open ?? latest?.price);
  const initial = Number(initialBalance);
  if (!(entry > 0) || !Number.isFinite(initial)) return [];
  const points: XY[] = [{ x: Math.max(runStart, entryCandle?.open_time ?? runStart), y: initial }];
  const push = (x: number, price: string) => {
    if (x > (points[points.length - 1]?.x ?? 0)) points.push({ x, y: (initial * Number(price)) / entry });
  };
  if (entryCandle) for (const candle of candles.slice(startIndex)) push(Math.min(candle.open_time + period, now), candle.close);
  if (latest) push(latest.time, latest.price);
  return points;
}

/** The finest candle interval that covers `spanMs` in at most `maxCandles` candles. */
export function intervalForSpan(spanMs: number, maxCandles = 1000): CandleInterval {
  const choices: CandleInterval[] = ["1m", "5m", "15m", "1h", "4h", "1d"];
  for (const choice of choices) {
    if (spanMs / intervalMs(choice) <= maxCandles - 2) return choice;
  }
  return "1d";
}
