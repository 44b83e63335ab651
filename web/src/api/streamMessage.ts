// Reading the stream's JSON messages defensively: a message of an unknown type, or one missing the fields
// the app relies on, is dropped instead of breaking a page.

import type { StreamMessage, StreamMessageType } from "./types";

const REQUIRED_STRINGS: Record<StreamMessageType, readonly string[]> = {
  price: ["symbol", "price"],
  candle: ["symbol", "interval", "open", "high", "low", "close"],
  trade: ["id", "symbol", "side", "quantity", "price"],
  subscribed: [],
  error: ["detail"],
  decision: ["id", "symbol", "action"],
  bot: ["status", "symbol"],
  portfolio: ["cash"],
};

function isType(value: unknown): value is StreamMessageType {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(REQUIRED_STRINGS, value);
}

/** The message in a WebSocket frame's text, or null when it is not one the app understands. */
export function parseStreamMessage(data: unknown): StreamMessage | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (!isType(record.type)) return null;
  for (const key of REQUIRED_STRINGS[record.type]) {
    if (typeof record[key] !== "string") return null;
  }
  if (record.type === "candle" && typeof record.open_time !== "number") return null;
  if (record.type === "subscribed" && !Array.isArray(record.symbols)) return null;
  return record as unknown as StreamMessage;
}
