import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  direction,
  formatAxisTime,
  formatCompact,
  formatCost,
  formatDateTime,
  formatDecimal,
  formatDuration,
  formatMoney,
  formatPercent,
  formatPrice,
  formatQuantity,
  formatRatio,
  formatRelative,
  formatUsd,
  humanize,
  formatBps,
  MINUS,
  placesOf,
  ratioToPercent,
  roundDecimal,
  signOf,
} from "../src/format";

describe("roundDecimal", () => {
  it("rounds half away from zero on the digits, not on a float", () => {
    assert.equal(roundDecimal("0.125", 2), "0.13");
    assert.equal(roundDecimal("1.005", 2), "1.01");
    assert.equal(roundDecimal("-1234.565", 2), "-1234.57");
    assert.equal(roundDecimal("2.675", 2), "2.68");
  });

  it("pads, carries and drops the sign of zero", () => {
    assert.equal(roundDecimal("1000", 2), "1000.00");
    assert.equal(roundDecimal("9.999", 2), "10.00");
    assert.equal(roundDecimal("-0.004", 2), "0.00");
    assert.equal(roundDecimal("0.5", 0), "1");
    assert.equal(roundDecimal(".5", 1), "0.5");
  });

  it("leaves text that is not a number alone", () => {
    assert.equal(roundDecimal("abc", 2), "abc");
  });
});

describe("formatDecimal", () => {
  it("groups thousands and trims zeros beyond the minimum", () => {
    assert.equal(formatDecimal("1234567.891", { minPlaces: 2, maxPlaces: 2 }), "1,234,567.89");
    assert.equal(formatDecimal("0.00292000", { maxPlaces: 8 }), "0.00292");
    assert.equal(formatDecimal("5", { minPlaces: 1 }), "5.0");
  });

  it("uses a real minus and an optional plus", () => {
    assert.equal(formatDecimal("-12.5", { minPlaces: 2, maxPlaces: 2 }), `${MINUS}12.50`);
    assert.equal(formatDecimal("12.5", { minPlaces: 2, maxPlaces: 2, signed: true }), "+12.50");
    assert.equal(formatDecimal("0", { minPlaces: 2, maxPlaces: 2, signed: true }), "0.00");
  });
});

describe("money, prices and quantities", () => {
  it("formats money with cents and dollars", () => {
    assert.equal(formatMoney("834.65158753"), "834.65");
    assert.equal(formatUsd("1000"), "$1,000.00");
    assert.equal(formatUsd("-0.29876071", true), `${MINUS}$0.30`);
    assert.equal(formatUsd("12.345", true), "+$12.35");
    assert.equal(formatUsd(undefined), "—");
    assert.equal(formatMoney(null), "—");
  });

  it("formats prices on their tick", () => {
    assert.equal(placesOf("0.01000000"), 2);
    assert.equal(placesOf("1"), 0);
    assert.equal(formatPrice("68215.3", "0.01"), "68,215.30");
    assert.equal(formatPrice("68215.31"), "68,215.31");
    assert.equal(formatPrice("0.00001234"), "0.00001234");
    assert.equal(formatPrice("-34.09", "0.01", true), `${MINUS}34.09`);
    assert.equal(formatPrice(undefined), "—");
  });

  it("keeps quantities exact", () => {
    assert.equal(formatQuantity("0.00292"), "0.00292");
    assert.equal(formatQuantity("9000"), "9,000");
    assert.equal(formatQuantity(undefined), "—");
  });
});

describe("percentages", () => {
  it("turns ratios into percentages by moving the point", () => {
    assert.equal(ratioToPercent("-0.00034989"), "-0.034989");
    assert.equal(ratioToPercent("0.6"), "60");
    assert.equal(ratioToPercent("1"), "100");
    assert.equal(ratioToPercent("0.123456789"), "12.3456789");
    assert.equal(formatRatio("0.6", 1), "60.0 %");
    assert.equal(formatRatio("-0.00034989", 2, true), `${MINUS}0.03 %`);
    assert.equal(formatRatio(undefined), "—");
  });

  it("formats percentages the server already scaled", () => {
    assert.equal(formatPercent("-0.398036"), `${MINUS}0.40 %`);
    assert.equal(formatPercent("2.5", 1, true), "+2.5 %");
  });
});

describe("signs", () => {
  it("reads the sign from the digits", () => {
    assert.equal(signOf("-0.00000001"), -1);
    assert.equal(signOf("0.000"), 0);
    assert.equal(signOf("-0"), 0);
    assert.equal(signOf("3"), 1);
    assert.equal(signOf("x"), 0);
    assert.equal(direction("-1"), "down");
    assert.equal(direction("1"), "up");
    assert.equal(direction("0"), "flat");
    assert.equal(direction(undefined), "flat");
  });
});

describe("other figures", () => {
  it("formats costs, volumes and durations", () => {
    assert.equal(formatCost("0.00021000"), "$0.00021");
    assert.equal(formatCost("0"), "$0.00");
    assert.equal(formatCost(null), "—");
    assert.equal(formatCompact("2950136213.38066283"), "2.95B");
    assert.equal(formatCompact("43150.2"), "43.15K");
    assert.equal(formatCompact("12"), "12.00");
    assert.equal(formatDuration(850), "850 ms");
    assert.equal(formatDuration(1234), "1.23 s");
    assert.equal(formatDuration(95_000), "1 min 35 s");
    assert.equal(formatDuration(120_000), "2 min");
    assert.equal(formatDuration(null), "—");
  });

  it("says how long ago", () => {
    const now = 1_000_000_000;
    assert.equal(formatRelative(now - 2000, now), "just now");
    assert.equal(formatRelative(now - 12_000, now), "12 s ago");
    assert.equal(formatRelative(now - 5 * 60_000, now), "5 min ago");
    assert.equal(formatRelative(now - 3 * 3_600_000, now), "3 h ago");
    assert.equal(formatRelative(now - 2 * 86_400_000, now), "2 d ago");
    assert.equal(formatRelative(now + 3 * 60_000, now), "in 3 min");
  });

  it("formats dates in a given locale and zone", () => {
    assert.equal(formatDateTime("2026-11-24T23:00:41Z", "en-GB", "UTC"), "24 Nov 2026, 23:00");
    assert.equal(formatDateTime(undefined), "—");
    assert.equal(formatDateTime("not a date"), "not a date");
  });

  it("writes basis points as an exact percentage", () => {
    assert.equal(formatBps(10), "0.1");
    assert.equal(formatBps(5), "0.05");
    assert.equal(formatBps(20), "0.2");
    assert.equal(formatBps(7), "0.07");
    assert.equal(formatBps(250), "2.5");
    assert.equal(formatBps(1000), "10");
    assert.equal(formatBps(0), "0");
  });

  it("labels chart axes by the span shown", () => {
    const at = Date.parse("2026-11-24T23:00:41Z");
    assert.equal(formatAxisTime(at, 60_000, "en-GB", "UTC"), "23:00:41");
    assert.equal(formatAxisTime(at, 3_600_000, "en-GB", "UTC"), "23:00");
    assert.equal(formatAxisTime(at, 30 * 86_400_000, "en-GB", "UTC"), "24 Nov");
  });

  it("humanizes identifiers", () => {
    assert.equal(humanize("binance_testnet"), "Binance testnet");
    assert.equal(humanize("HOLD"), "Hold");
    assert.equal(humanize("max-order"), "Max order");
  });
});
