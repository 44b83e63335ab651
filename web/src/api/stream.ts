// The stream endpoint: a one-use ticket (bearer) per WebSocket connection, since a browser cannot put an
// Authorization header on a WebSocket and a long-lived token in a URL would end up in logs.

import type { ApiClient } from "./client";
import type { StreamTicket } from "./types";

export const STREAM_PATH = "/api/v1/stream";

export const streamTicket = (client: ApiClient) => client.json<StreamTicket>("/api/v1/stream/ticket", { method: "POST" });

/** ws(s)://host/api/v1/stream?ticket=… for a page served from `location`. */
export function streamUrl(location: { protocol: string; host: string }, ticket: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${STREAM_PATH}?ticket=${encodeURIComponent(ticket)}`;
}
