// Form checks that run before a request, mirroring the server's rules (Support/Validation.swift and
// docs/ai-api-contract.md) so most mistakes are shown at once, next to the field. The server still
// decides; its invalid_params are shown the same way.

import type { BotNotify, BotSettings, BotSettingsUpdate } from "./api/types";
import { ONE, tryParseUnits } from "./decimal";

export type FieldErrors<Field extends string = string> = Partial<Record<Field, string>>;

export const PASSWORD_MIN_LENGTH = 12;
const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

export function checkEmail(email: string): string | undefined {
  const trimmed = email.trim();
  if (!trimmed) return "Enter your email address.";
  return EMAIL.test(trimmed) && trimmed.length <= 254 ? undefined : "This is not an email address.";
}

export function checkUsername(username: string): string | undefined {
  const trimmed = username.trim();
  if (!trimmed) return "Choose a username.";
  return USERNAME.test(trimmed) ? undefined : "3 to 32 letters, digits, '.', '_' or '-'.";
}

export function checkNewPassword(password: string, personal: string[] = [], minLength = PASSWORD_MIN_LENGTH): string | undefined {
  if (password.length < minLength) return `Use at least ${minLength} characters.`;
  if (password.length > 128) return "Use at most 128 characters.";
  if (new Set(password.toLowerCase()).size <= 2) return "This password repeats too few characters.";
  const lower = password.toLowerCase();
  for (const word of personal) {
    const candidate = word.trim().toLowerCase();
    if (candidate.length >= 4 && lower.includes(candidate)) return "The password must not contain your username or email.";
  }
  return undefined;
}

export interface RegistrationForm {
  email: string;
  username: string;
  password: string;
  confirm: string;
  full_name: string;
}

export function validateRegistration(form: RegistrationForm): FieldErrors<keyof RegistrationForm> {
  const errors: FieldErrors<keyof RegistrationForm> = {};
  const email = checkEmail(form.email);
  if (email) errors.email = email;
  const username = checkUsername(form.username);
  if (username) errors.username = username;
  const password = checkNewPassword(form.password, [form.username, form.email.split("@")[0] ?? ""]);
  if (password) errors.password = password;
  if (form.confirm !== form.password) errors.confirm = "The passwords do not match.";
  if (form.full_name.trim().length > 100) errors.full_name = "At most 100 characters.";
  return errors;
}

/** A 6-digit authenticator code (spaces allowed while typing). */
export function normalizeCode(code: string): string {
  return code.replace(/\s+/g, "");
}

export function checkTotpCode(code: string): string | undefined {
  return /^\d{6}$/.test(normalizeCode(code)) ? undefined : "Enter the 6-digit code from your authenticator app.";
}

export function checkRecoveryCode(code: string): string | undefined {
  return /^[A-Za-z0-9]{4}(-?[A-Za-z0-9]{4}){2}$/.test(code.trim()) ? undefined : "A recovery code looks like abcd-efgh-ijkl.";
}

/** The server's bounds (Controllers/BotSettings.swift). */
const MAX_ORDER_USD = 1_000_000_000n;
const MAX_COOLDOWN_MINUTES = 10_080;

export interface BotForm {
  symbol: string;
  interval_minutes: string;
  engine: "llm" | "rules";
  max_position_pct: string;
  max_order_usd: string;
  min_confidence: string;
  cooldown_minutes: string;
  daily_loss_limit_enabled: boolean;
  daily_loss_limit_pct: string;
  require_stop_loss: boolean;
}

function wholeNumber(text: string, low: number, high: number): boolean {
  if (!/^\d+$/.test(text.trim())) return false;
  const value = Number(text);
  return value >= low && value <= high;
}

/** A percentage in (0, 100] with at most two decimals. */
function percent(text: string): boolean {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return false;
  const units = tryParseUnits(text.trim());
  return units !== null && units > 0n && units <= 100n * 100_000_000n;
}

/** `liveSymbols`: the symbols with a live feed (GET /api/v1/trading/config), the only ones a bot can trade; unchecked while unknown. */
export function validateBotForm(form: BotForm, llmAvailable: boolean, liveSymbols?: readonly string[]): FieldErrors<keyof BotForm> {
  const errors: FieldErrors<keyof BotForm> = {};
  if (!form.symbol) errors.symbol = "Choose a symbol.";
  else if (liveSymbols && !liveSymbols.includes(form.symbol)) {
    errors.symbol = liveSymbols.length > 0 ? `The bot trades only symbols with a live feed: ${liveSymbols.join(", ")}.` : "This server has no live price feed for the bot to trade on.";
  }
  if (!wholeNumber(form.interval_minutes, 1, 1440)) errors.interval_minutes = "A whole number of minutes from 1 to 1440.";
  if (form.engine === "llm" && !llmAvailable) errors.engine = "The server has no LLM key; use the rules engine.";
  if (!percent(form.max_position_pct)) errors.max_position_pct = "A percentage above 0 and at most 100.";
  const maxOrder = tryParseUnits(form.max_order_usd.trim());
  if (maxOrder === null || maxOrder <= 0n || maxOrder > MAX_ORDER_USD * ONE) errors.max_order_usd = "An amount above 0 and at most 1,000,000,000 (at most 8 decimals).";
  if (!wholeNumber(form.min_confidence, 0, 100)) errors.min_confidence = "A whole number from 0 to 100.";
  if (!wholeNumber(form.cooldown_minutes, 0, MAX_COOLDOWN_MINUTES)) errors.cooldown_minutes = "A whole number of minutes from 0 to 10080 (a week).";
  if (form.daily_loss_limit_enabled && !percent(form.daily_loss_limit_pct)) errors.daily_loss_limit_pct = "A percentage above 0 and at most 100.";
  return errors;
}

/** Server field names (`risk.max_order_usd`, `max_order_usd`) onto the form's. */
export function botFieldOf(name: string): keyof BotForm | undefined {
  const key = name.replace(/^risk\./, "").replace(/^notify\./, "");
  const known: (keyof BotForm)[] = ["symbol", "interval_minutes", "engine", "max_position_pct", "max_order_usd", "min_confidence", "cooldown_minutes", "daily_loss_limit_pct", "require_stop_loss"];
  return known.find((field) => field === key);
}

export function botFormOf(settings: BotSettings): BotForm {
  const limit = settings.risk.daily_loss_limit_pct;
  return {
    symbol: settings.symbol,
    interval_minutes: String(settings.interval_minutes),
    engine: settings.engine,
    max_position_pct: settings.risk.max_position_pct,
    max_order_usd: settings.risk.max_order_usd,
    min_confidence: String(settings.risk.min_confidence),
    cooldown_minutes: String(settings.risk.cooldown_minutes),
    daily_loss_limit_enabled: limit !== null && limit !== undefined,
    daily_loss_limit_pct: limit ?? "3.00",
    require_stop_loss: settings.risk.require_stop_loss,
  };
}

/** The PUT body for a valid form (every field: the server accepts any subset). */
export function botUpdateOf(form: BotForm, notify: BotNotify): BotSettingsUpdate {
  return {
    symbol: form.symbol,
    interval_minutes: Number(form.interval_minutes),
    engine: form.engine,
    risk: {
      max_position_pct: form.max_position_pct.trim(),
      max_order_usd: form.max_order_usd.trim(),
      min_confidence: Number(form.min_confidence),
      cooldown_minutes: Number(form.cooldown_minutes),
      daily_loss_limit_pct: form.daily_loss_limit_enabled ? form.daily_loss_limit_pct.trim() : null,
      require_stop_loss: form.require_stop_loss,
    },
    notify,
  };
}
