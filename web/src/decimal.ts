// Exact decimal arithmetic for money, prices and quantities: BigInt counts of 10⁻⁸, the server's own
// precision (DraizerCore/FixedPoint.swift). Binary floats never touch a value the user acts on.

export const SCALE = 8;
export const ONE = 100_000_000n;

export type Rounding = "down" | "up" | "halfUp";

export class DecimalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecimalError";
  }
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * `"12.5"` → 1_250_000_000n. Accepts an optional sign, digits and a decimal point (`".5"`, `"5."`); refuses
 * anything else, and more than eight decimals unless `rounding` says how to drop the rest.
 */
export function parseUnits(text: string, rounding?: Rounding): bigint {
  const match = DECIMAL.exec(text.trim());
  const whole = match?.[2] ?? "";
  const fraction = match?.[3] ?? "";
  if (!match || (whole === "" && fraction === "")) throw new DecimalError(`"${text}" is not a number`);
  const negative = match[1] === "-";
  let units = BigInt(whole || "0") * ONE;
  if (fraction.length <= SCALE) {
    units += BigInt(fraction.padEnd(SCALE, "0"));
  } else {
    if (rounding === undefined) throw new DecimalError(`"${text}" has more than ${SCALE} decimals`);
    const kept = BigInt(fraction.slice(0, SCALE));
    const rest = fraction.slice(SCALE);
    const restIsZero = /^0*$/.test(rest);
    let bump = false;
    if (rounding === "up") bump = !restIsZero;
    if (rounding === "halfUp") bump = rest.charCodeAt(0) >= "5".charCodeAt(0);
    units += kept + (bump ? 1n : 0n);
  }
  return negative ? -units : units;
}

/** parseUnits, or null for text that is not a number (user input). */
export function tryParseUnits(text: string, rounding?: Rounding): bigint | null {
  try {
    return parseUnits(text, rounding);
  } catch {
    return null;
  }
}

/** 1_250_000_000n → `"12.5"` (no trailing zeros, as the server writes them). */
export function formatUnits(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / ONE;
  const fraction = (magnitude % ONE).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** `numerator / denominator` rounded as asked; "down" and "up" are towards and away from zero. */
export function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new DecimalError("division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const remainder = n % d;
  if (remainder !== 0n) {
    if (rounding === "up") quotient += 1n;
    if (rounding === "halfUp" && remainder * 2n >= d) quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

/** The product of two fixed-point values, back on the 10⁻⁸ grid. */
export function multiply(a: bigint, b: bigint, rounding: Rounding): bigint {
  return divide(a * b, ONE, rounding);
}

/** The largest multiple of `step` not above `value` (for non-negative values); a zero step changes nothing. */
export function floorToStep(value: bigint, step: bigint): bigint {
  if (step <= 0n) return value;
  return value - (value % step);
}

/** `rate` of `amount`: `scale(amount, basisPoints(10))` is 0.1 %. */
export function basisPoints(points: number): bigint {
  return (BigInt(points) * ONE) / 10_000n;
}

export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** For charts only: a float approximation, never used for amounts the user acts on. */
export function toNumber(text: string | null | undefined): number {
  if (text === null || text === undefined || text === "") return Number.NaN;
  return Number(text);
}

/** `part` as a percentage of `whole`, exactly to 10⁻⁸ before display rounding; undefined when unknown. */
export function percentOf(part: string | undefined, whole: string): string | undefined {
  if (part === undefined) return undefined;
  const p = tryParseUnits(part, "halfUp");
  const w = tryParseUnits(whole, "halfUp");
  if (p === null || w === null || w === 0n) return undefined;
  return formatUnits(divide(p * 100n * ONE, w, "halfUp"));
}
