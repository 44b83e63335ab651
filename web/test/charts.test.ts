import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Candle, CandlesResponse, EquityPoint, Transaction } from "../src/api/types";
import { applyTick, intervalMs, mergeCandle, toCandlePoints, tradeMarkers } from "../src/charts/candleData";
import { buyAndHold, equityPoints, intervalForSpan } from "../src/charts/equitySeries";
import { fixture } from "./fixtures";

const HOUR = 3_600_000;
const candles = (fixture("market_candles") as CandlesResponse).candles;

function candle(openTime: number, open: string, high: string, low: string, close: string): Candle {
  return { open_time: openTime, open, high, low, close, volume: "1" };
}

describe("candle points", () => {
  it("makes a floating body from open to close and keeps the wick ends", () => {
    const [first] = toCandlePoints([candle(0, "10", "12", "8", "9")]);
    assert.deepEqual(first, { x: 0, y: [9, 10], o: 10, h: 12, l: 8, c: 9, up: false });
    assert.equal(toCandlePoints([candle(0, "10", "12", "8", "10")])[0]?.up, true);
    assert.equal(toCandlePoints(candles).length, candles.length);
  });

  it("knows every interval's length", () => {
    assert.equal(intervalMs("1m"), 60_000);
    assert.equal(intervalMs("4h"), 4 * HOUR);
    assert.equal(intervalMs("1d"), 24 * HOUR);
  });
});

describe("live candles", () => {
  const series = [candle(0, "10", "11", "9", "10.5"), candle(HOUR, "10.5", "12", "10", "11")];

  it("replaces the candle a stream update belongs to, appends a newer one, ignores an unknown older one", () => {
    const updated = mergeCandle(series, candle(HOUR, "10.5", "13", "10", "12.5"));
    assert.equal(updated.length, 2);
    assert.equal(updated[1]?.close, "12.5");
    const appended = mergeCandle(series, candle(2 * HOUR, "11", "11", "11", "11"));
    assert.equal(appended.length, 3);
    assert.equal(mergeCandle(series, candle(-HOUR, "1", "1", "1", "1")).length, 2);
    assert.equal(mergeCandle(appended, candle(3 * HOUR, "1", "1", "1", "1"), 3).length, 3);
    assert.equal(mergeCandle([], candle(0, "1", "1", "1", "1")).length, 1);
  });

  it("moves the forming candle with price ticks, exactly", () => {
    const higher = applyTick(series, "12.00000001", HOUR + 10, HOUR);
    assert.deepEqual(higher[1], { ...series[1], close: "12.00000001", high: "12.00000001" });
    const lower = applyTick(series, "9.5", HOUR + 10, HOUR);
    assert.deepEqual(lower[1], { ...series[1], close: "9.5", low: "9.5" });
    assert.deepEqual(applyTick(series, "100", -5, HOUR), series);
    assert.deepEqual(applyTick([], "1", 0, HOUR), []);
  });

  it("starts the next candle when a tick passes the last one's end", () => {
    const next = applyTick(series, "11.5", 3 * HOUR + 5, HOUR);
    assert.equal(next.length, 3);
    assert.deepEqual(next[2], { open_time: 3 * HOUR, open: "11", high: "11.5", low: "11", close: "11.5", volume: "0" });
  });
});

describe("trade markers", () => {
  const series = [candle(Date.parse("2026-11-24T21:00:00Z"), "1", "1", "1", "1"), candle(Date.parse("2026-11-24T22:00:00Z"), "1", "1", "1", "1")];
  const trades = (fixture("portfolio_transactions") as { items: Transaction[] }).items;

  it("places each trade on the candle containing it and drops the rest", () => {
    const inside: Transaction = { ...(trades[0] as Transaction), created_at: "2026-11-24T22:59:59Z", side: "sell", price: "68000.5" };
    const outside: Transaction = { ...(trades[0] as Transaction), created_at: "2026-11-24T23:00:00Z" };
    const undated: Transaction = { ...(trades[0] as Transaction) };
    delete undated.created_at;
    const markers = tradeMarkers([inside, outside, undated], series, HOUR, (trade) => trade.side);
    assert.deepEqual(markers, [{ x: Date.parse("2026-11-24T22:00:00Z"), y: 68000.5, side: "sell", label: "sell" }]);
    assert.deepEqual(tradeMarkers(trades, [], HOUR, () => ""), []);
  });
});

describe("equity against buy-and-hold", () => {
  it("turns snapshots into points and appends the current equity", () => {
    const points = fixture("portfolio_equity") as EquityPoint[];
    const at = Date.parse(points[points.length - 1]?.time ?? "") + 1000;
    const series = equityPoints(points, { time: at, equity: "1000.5" });
    assert.equal(series.length, points.length + 1);
    assert.deepEqual(series[series.length - 1], { x: at, y: 1000.5 });
    assert.equal(equityPoints(points, { time: 0, equity: "1" }).length, points.length);
    assert.equal(equityPoints([{ time: "bad", equity: "1", cash: "1", reason: "trade" }]).length, 0);
  });

  it("values the initial balance at each close from the run's start", () => {
    const series = [candle(0, "100", "100", "100", "100"), candle(HOUR, "100", "120", "100", "110"), candle(2 * HOUR, "110", "110", "80", "90")];
    const points = buyAndHold("1000", HOUR + 60_000, series, "1h", 10 * HOUR);
    assert.deepEqual(points, [
      { x: HOUR + 60_000, y: 1000 },
      { x: 2 * HOUR, y: 1100 },
      { x: 3 * HOUR, y: 900 },
    ]);
    assert.deepEqual(buyAndHold("1000", 5 * HOUR, series, "1h"), []);
    assert.deepEqual(buyAndHold("1000", 0, [candle(0, "0", "0", "0", "0")], "1h"), []);
    assert.deepEqual(buyAndHold("1000", HOUR + 60_000, series, "1h", 10 * HOUR, { time: 4 * HOUR, price: "120" }).slice(-1), [{ x: 4 * HOUR, y: 1200 }]);
    assert.deepEqual(buyAndHold("1000", 5 * HOUR, series, "1h", 10 * HOUR, { time: 6 * HOUR, price: "95" }), [
      { x: 5 * HOUR, y: 1000 },
      { x: 6 * HOUR, y: 1000 },
    ]);
    const capped = buyAndHold("1000", 0, series, "1h", HOUR + 1);
    assert.equal(capped[capped.length - 1]?.x, HOUR + 1);
  });

  it("picks the finest interval that covers the run", () => {
    assert.equal(intervalForSpan(HOUR), "1m");
    assert.equal(intervalForSpan(2 * 24 * HOUR), "5m");
    assert.equal(intervalForSpan(30 * 24 * HOUR), "1h");
    assert.equal(intervalForSpan(100 * 24 * HOUR), "4h");
    assert.equal(intervalForSpan(400 * 24 * HOUR), "1d");
    assert.equal(intervalForSpan(4000 * 24 * HOUR), "1d");
  });
});
