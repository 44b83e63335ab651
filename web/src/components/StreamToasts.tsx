// Toasts for what the stream reports while the user is elsewhere in the app: trades (the bot's and
// manual ones), the bot pausing, and stream errors.

import { tradeToastText } from "../notifications";
import { useStreamMessages } from "../state/stream";
import { useToasts } from "../state/toasts";

export function StreamToasts() {
  const { push } = useToasts();
  useStreamMessages((message) => {
    if (message.type === "trade") {
      push({ kind: "success", ...tradeToastText(message) });
    } else if (message.type === "error") {
      push({ kind: "error", title: "Live updates", message: message.detail });
    } else if (message.type === "bot" && message.status === "paused") {
      push({ kind: "warning", title: "The bot paused", message: message.paused_reason ?? "It will not trade until you start it again.", timeoutMs: 12_000 });
    }
  });
  return null;
}
