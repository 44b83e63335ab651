// The words of notifications, apart from the components that show them.

import type { StreamTrade } from "./api/types";
import { formatPrice, formatQuantity } from "./format";

/** "▲ Bought 0.00029 BTCUSDT" / "at 68,215.91 · Manual order" for a trade the stream reports. */
export function tradeToastText(message: StreamTrade): { title: string; message: string } {
  const verb = message.side === "buy" ? "Bought" : "Sold";
  const who = message.source === "manual" ? "Manual order" : "By the bot";
  return {
    title: `${message.side === "buy" ? "▲" : "▼"} ${verb} ${formatQuantity(message.quantity)} ${message.symbol}`,
    message: `at ${formatPrice(message.price)} · ${who}`,
  };
}
