// Display formatting of the server's exact decimal strings. Rounding works on the digits themselves, so
// "0.125" shows as "0.13" (not "0.12" as a binary float would give), and a ratio becomes a percentage by
// moving the decimal point, not by multiplying a float.

export type Direction = "up" | "down" | "flat";

/** The typographic minus, which lines up with "+" in tabular figures. */
export const MINUS = "\u2212";
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

interface Digits {
  negative: boolean;
  whole: string;
  fraction: string;
}

function digits(text: string): Digits | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const whole = match[2] ?? "";
  const fraction = match[3] ?? "";
  if (whole === "" && fraction === "") return null;
  return { negative: match[1] === "-", whole: whole.replace(/^0+(?=\d)/, "") || "0", fraction };
}

/** −1, 0 or 1 for a decimal string; 0 for text that is not a number. */
export function signOf(text: string): -1 | 0 | 1 {
  const parsed = digits(text);
  if (!parsed || /^0*$/.test(parsed.whole + parsed.fraction)) return 0;
  return parsed.negative ? -1 : 1;
}

export function direction(text: string | null | undefined): Direction {
  if (text === null || text === undefined) return "flat";
  const sign = signOf(text);
  return sign > 0 ? "up" : sign < 0 ? "down" : "flat";
}

/**
 * Rounds a decimal string to exactly `places` decimals, half away from zero, without grouping:
 * `roundDecimal("-1234.565", 2)` → `"-1234.57"`. A result of zero has no sign.
 */
export function roundDecimal(text: string, places: number): string {
  const parsed = digits(text);
  if (!parsed) return text;
  const padded = parsed.fraction.padEnd(places + 1, "0");
  let scaled = BigInt(parsed.whole + padded.slice(0, places));
  if (Number(padded.charAt(places)) >= 5) scaled += 1n;
  const body = scaled.toString().padStart(places + 1, "0");
  const whole = body.slice(0, body.length - places);
  const fraction = body.slice(body.length - places);
  const isZero = scaled === 0n;
  return `${parsed.negative && !isZero ? "-" : ""}${whole}${places > 0 ? `.${fraction}` : ""}`;
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export interface DecimalFormat {
  /** Decimals always shown. */
  minPlaces?: number;
  /** Decimals at most (rounded half away from zero); trailing zeros beyond minPlaces are dropped. */
  maxPlaces?: number;
  /** Show "+" on positive values (for changes and P&L). */
  signed?: boolean;
}

/** `formatDecimal("1234567.891", {minPlaces: 2, maxPlaces: 2})` → `"1,234,567.89"`; negatives use "−". */
export function formatDecimal(text: string, format: DecimalFormat = {}): string {
  const maxPlaces = format.maxPlaces ?? 8;
  const minPlaces = Math.min(format.minPlaces ?? 0, maxPlaces);
  const rounded = roundDecimal(text, maxPlaces);
  const parsed = digits(rounded);
  if (!parsed) return text;
  let fraction = parsed.fraction;
  while (fraction.length > minPlaces && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  const number = `${group(parsed.whole)}${fraction ? `.${fraction}` : ""}`;
  if (parsed.negative) return `${MINUS}${number}`;
  const isZero = /^0*$/.test(parsed.whole + fraction);
  return format.signed && !isZero ? `+${number}` : number;
}

/** Money in the quote currency with cents: `"834.65158753"` → `"834.65"`. */
export function formatMoney(text: string | null | undefined, signed = false): string {
  if (text === null || text === undefined) return "—";
  return formatDecimal(text, { minPlaces: 2, maxPlaces: 2, signed });
}

/** Money with a dollar sign: `"-12.3"` → `"−$12.30"`. */
export function formatUsd(text: string | null | undefined, signed = false): string {
  if (text === null || text === undefined) return "—";
  const formatted = formatMoney(text, signed);
  if (formatted.startsWith(MINUS)) return `${MINUS}$${formatted.slice(1)}`;
  if (formatted.startsWith("+")) return `+$${formatted.slice(1)}`;
  return `$${formatted}`;
}

/** How many decimals a tick or step size has: `"0.01"` → 2, `"1"` → 0. */
export function placesOf(size: string): number {
  const parsed = digits(size);
  if (!parsed) return 0;
  return parsed.fraction.replace(/0+$/, "").length;
}

/** A price on its tick grid when the tick is known, else 2 decimals (8 significant for tiny prices). */
export function formatPrice(text: string | null | undefined, tickSize?: string, signed = false): string {
  if (text === null || text === undefined) return "—";
  if (tickSize !== undefined) {
    const places = placesOf(tickSize);
    return formatDecimal(text, { minPlaces: places, maxPlaces: places, signed });
  }
  const parsed = digits(text);
  if (parsed && parsed.whole === "0") return formatDecimal(text, { minPlaces: 2, maxPlaces: 8, signed });
  return formatDecimal(text, { minPlaces: 2, maxPlaces: 2, signed });
}

/** A base-asset quantity, as exact as the server has it: `"0.00292000"` → `"0.00292"`. */
export function formatQuantity(text: string | null | undefined): string {
  if (text === null || text === undefined) return "—";
  return formatDecimal(text, { maxPlaces: 8 });
}

/** Moves the decimal point two places right, exactly: `"-0.00034989"` → `"-0.034989"`. */
export function ratioToPercent(ratio: string): string {
  const parsed = digits(ratio);
  if (!parsed) return ratio;
  const fraction = parsed.fraction.padEnd(2, "0");
  const whole = (parsed.whole + fraction.slice(0, 2)).replace(/^0+(?=\d)/, "");
  const rest = fraction.slice(2);
  return `${parsed.negative ? "-" : ""}${whole}${rest ? `.${rest}` : ""}`;
}

/** A percentage the server already scaled (`price_change_percent`): `"-0.398036"` → `"−0.40 %"`. */
export function formatPercent(text: string | null | undefined, places = 2, signed = false): string {
  if (text === null || text === undefined) return "—";
  return `${formatDecimal(text, { minPlaces: places, maxPlaces: places, signed })} %`;
}

/** A ratio as a percentage: win rate `"0.6"` → `"60.00 %"`. */
export function formatRatio(text: string | null | undefined, places = 2, signed = false): string {
  if (text === null || text === undefined) return "—";
  return formatPercent(ratioToPercent(text), places, signed);
}

/** An LLM call's cost: small amounts keep their significant digits (`"0.00021"` → `"$0.00021"`). */
export function formatCost(text: string | null | undefined): string {
  if (text === null || text === undefined) return "—";
  return `$${formatDecimal(text, { minPlaces: 2, maxPlaces: 8 })}`;
}

/** Large volumes, for display only: `"2950136213.38"` → `"2.95B"`. */
export function formatCompact(text: string | null | undefined): string {
  if (text === null || text === undefined) return "—";
  const value = Number(text);
  if (!Number.isFinite(value)) return text;
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(value) >= size) return `${(value / size).toFixed(2)}${suffix}`;
  }
  return value.toFixed(2);
}

/** `850` → `"850 ms"`, `1234` → `"1.23 s"`, `95000` → `"1 min 35 s"`. */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds)) return "—";
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(2)} s`;
  const minutes = Math.floor(milliseconds / 60_000);
  const seconds = Math.round((milliseconds % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** `"12 s ago"`, `"5 min ago"`, `"in 3 h"`; `"just now"` within five seconds. */
export function formatRelative(then: number, now: number): string {
  const delta = now - then;
  const abs = Math.abs(delta);
  if (abs < 5_000) return "just now";
  let amount: string;
  if (abs < 60_000) amount = `${Math.floor(abs / 1000)} s`;
  else if (abs < 3_600_000) amount = `${Math.floor(abs / 60_000)} min`;
  else if (abs < 86_400_000) amount = `${Math.floor(abs / 3_600_000)} h`;
  else amount = `${Math.floor(abs / 86_400_000)} d`;
  return delta >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** Date and time in the user's locale and time zone (the server sends UTC). */
export function formatDateTime(value: string | number | null | undefined, locale?: string, timeZone?: string): string {
  if (value === null || value === undefined) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  if (timeZone) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** An axis label for a time: seconds within minutes, the hour within a day, the date across days. */
export function formatAxisTime(value: number, spanMs: number, locale?: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions =
    spanMs <= 10 * 60_000
      ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }
      : spanMs <= 2 * 86_400_000
      ? { hour: "2-digit", minute: "2-digit", hour12: false }
      : { month: "short", day: "numeric" };
  if (timeZone) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(locale, options).format(new Date(value));
}

/** `"BUY"` → `"Buy"`, `"binance_testnet"` → `"Binance testnet"`. */
export function humanize(text: string): string {
  const spaced = text.replace(/[_-]+/g, " ").trim().toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** "ABCDEFGH…" in groups of four, easier to type from the screen. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/** Whole basis points as a percentage, exactly (no float): 10 → `"0.1"`, 5 → `"0.05"`, 250 → `"2.5"`, 0 → `"0"`. */
export function formatBps(bps: number): string {
  const digits = String(Math.trunc(Math.abs(bps))).padStart(3, "0");
  return formatDecimal(`${digits.slice(0, -2)}.${digits.slice(-2)}`);
}
