import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { basisPoints, DecimalError, divide, floorToStep, formatUnits, max, min, multiply, ONE, parseUnits, toNumber, tryParseUnits } from "../src/decimal";

describe("decimal", () => {
  it("parses the server's strings into 10⁻⁸ units", () => {
    assert.equal(parseUnits("834.65158753"), 83_465_158_753n);
    assert.equal(parseUnits("1000"), 1000n * ONE);
    assert.equal(parseUnits("-0.1"), -10_000_000n);
    assert.equal(parseUnits(".5"), 50_000_000n);
    assert.equal(parseUnits("5."), 5n * ONE);
    assert.equal(parseUnits(" 2 "), 2n * ONE);
  });

  it("refuses what is not a number, and extra decimals unless told how to round", () => {
    assert.throws(() => parseUnits(""), DecimalError);
    assert.throws(() => parseUnits("."), DecimalError);
    assert.throws(() => parseUnits("1e5"), DecimalError);
    assert.throws(() => parseUnits("0.123456789"), /more than 8 decimals/);
    assert.equal(parseUnits("0.123456789", "down"), 12_345_678n);
    assert.equal(parseUnits("0.123456785", "halfUp"), 12_345_679n);
    assert.equal(parseUnits("0.123456784", "halfUp"), 12_345_678n);
    assert.equal(parseUnits("0.123456781", "up"), 12_345_679n);
    assert.equal(parseUnits("0.123456780", "up"), 12_345_678n);
    assert.equal(tryParseUnits("abc"), null);
  });

  it("formats units as the server does", () => {
    assert.equal(formatUnits(83_465_158_753n), "834.65158753");
    assert.equal(formatUnits(1000n * ONE), "1000");
    assert.equal(formatUnits(-10_000_000n), "-0.1");
    assert.equal(formatUnits(1n), "0.00000001");
  });

  it("divides with explicit rounding", () => {
    assert.equal(divide(7n, 2n, "down"), 3n);
    assert.equal(divide(7n, 2n, "up"), 4n);
    assert.equal(divide(7n, 2n, "halfUp"), 4n);
    assert.equal(divide(-7n, 2n, "up"), -4n);
    assert.equal(divide(-7n, 2n, "down"), -3n);
    assert.equal(divide(6n, 3n, "up"), 2n);
    assert.equal(divide(5n, 3n, "halfUp"), 2n);
    assert.equal(divide(4n, 3n, "halfUp"), 1n);
    assert.equal(divide(7n, -2n, "halfUp"), -4n);
    assert.throws(() => divide(1n, 0n, "down"), /division by zero/);
  });

  it("multiplies fixed-point values and floors to a step", () => {
    assert.equal(multiply(parseUnits("68215.31"), parseUnits("0.00292"), "up"), parseUnits("199.1887052"));
    assert.equal(floorToStep(parseUnits("0.0029318"), parseUnits("0.00001")), parseUnits("0.00293"));
    assert.equal(floorToStep(123n, 0n), 123n);
    assert.equal(basisPoints(10), 100_000n);
    assert.equal(min(1n, 2n), 1n);
    assert.equal(max(1n, 2n), 2n);
  });

  it("converts to a float only for charts", () => {
    assert.equal(toNumber("1.5"), 1.5);
    assert.ok(Number.isNaN(toNumber(undefined)));
    assert.ok(Number.isNaN(toNumber("")));
  });
});
