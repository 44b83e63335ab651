// The stream connection with a fake WebSocket and fake timers: a fresh ticket per connection,
// subscriptions replayed after a reconnect, capped exponential backoff reset by a working connection,
// and a stop when the session is over.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../src/api/problem";
import { parseStreamMessage } from "../src/api/streamMessage";
import { streamUrl } from "../src/api/stream";
import type { StreamMessage } from "../src/api/types";
import { backoffDelay, STREAM_BACKOFF } from "../src/state/backoff";
import { StreamClient, type SocketLike, type StreamStatus } from "../src/state/streamClient";
import { fixture } from "./fixtures";

class FakeSocket implements SocketLike {
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  sent: unknown[] = [];
  closed = false;
  constructor(readonly ticket: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.({} as Event);
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === "string" ? message : JSON.stringify(message) } as MessageEvent);
  }
  drop(): void {
    this.onerror?.({} as Event);
    this.onclose?.({ code: 1006, reason: "" } as CloseEvent);
  }
}

function last<T>(items: T[]): T | undefined {
  return items[items.length - 1];
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function harness(ticket: () => Promise<string> = async () => `ticket-${Math.random()}`) {
  const sockets: FakeSocket[] = [];
  const timers: { callback: () => void; ms: number; cleared: boolean }[] = [];
  const statuses: [StreamStatus, number | undefined][] = [];
  const messages: StreamMessage[] = [];
  let tickets = 0;
  const client = new StreamClient(
    {
      ticket: () => {
        tickets += 1;
        return ticket();
      },
      connect: (value) => {
        const socket = new FakeSocket(value);
        sockets.push(socket);
        return socket;
      },
      setTimer: (callback, ms) => {
        const timer = { callback, ms, cleared: false };
        timers.push(timer);
        return timer as unknown as ReturnType<typeof setTimeout>;
      },
      clearTimer: (handle) => {
        (handle as unknown as { cleared: boolean }).cleared = true;
      },
      random: () => 0.5,
    },
    { onMessage: (message) => messages.push(message), onStatus: (status, retry) => statuses.push([status, retry]) },
  );
  const fire = async () => {
    const timer = timers.filter((entry) => !entry.cleared).pop();
    assert.ok(timer, "a retry is scheduled");
    timer.cleared = true;
    timer.callback();
    await tick();
  };
  return { client, sockets, timers, statuses, messages, fire, ticketCount: () => tickets };
}

const MESSAGES = fixture("stream_messages") as Record<string, unknown>;

describe("StreamClient", () => {
  it("connects with a ticket, subscribes once open and delivers messages", async () => {
    const h = harness(async () => "ticket-1");
    h.client.setSymbols(["BTCUSDT"]);
    h.client.start();
    await tick();
    const socket = h.sockets[0];
    assert.ok(socket);
    assert.equal(socket.ticket, "ticket-1");
    assert.deepEqual(socket.sent, []);
    socket.open();
    assert.deepEqual(socket.sent, [{ type: "subscribe", symbols: ["BTCUSDT"] }]);
    assert.equal(h.client.status, "open");
    socket.receive(MESSAGES.price);
    socket.receive(MESSAGES.trade);
    socket.receive("not json");
    socket.receive({ type: "mystery" });
    assert.deepEqual(
      h.messages.map((message) => message.type),
      ["price", "trade"],
    );
  });

  it("changes subscriptions on an open connection", async () => {
    const h = harness();
    h.client.setSymbols(["BTCUSDT"]);
    h.client.start();
    await tick();
    const socket = h.sockets[0] as FakeSocket;
    socket.open();
    h.client.setSymbols(["ETHUSDT"]);
    assert.deepEqual(socket.sent.slice(1), [
      { type: "unsubscribe", symbols: ["BTCUSDT"] },
      { type: "subscribe", symbols: ["ETHUSDT"] },
    ]);
  });

  it("reconnects after a drop with a new ticket, growing the delay, and subscribes again", async () => {
    const h = harness();
    h.client.setSymbols(["BTCUSDT"]);
    h.client.start();
    await tick();
    (h.sockets[0] as FakeSocket).open();
    (h.sockets[0] as FakeSocket).drop();
    assert.equal(h.client.status, "reconnecting");
    assert.equal(last(h.timers)?.ms, backoffDelay(0, STREAM_BACKOFF, 0.5));
    await h.fire();
    assert.equal(h.ticketCount(), 2);
    (h.sockets[1] as FakeSocket).drop();
    assert.equal(last(h.timers)?.ms, backoffDelay(1, STREAM_BACKOFF, 0.5));
    await h.fire();
    const third = h.sockets[2] as FakeSocket;
    third.open();
    assert.deepEqual(third.sent, [{ type: "subscribe", symbols: ["BTCUSDT"] }]);
    assert.equal(h.client.failedAttempts, 2);
    third.receive(MESSAGES.subscribed);
    assert.equal(h.client.failedAttempts, 0);
    third.drop();
    assert.equal(last(h.timers)?.ms, backoffDelay(0, STREAM_BACKOFF, 0.5));
  });

  it("retries when the ticket cannot be had, and stops when the session is over", async () => {
    let fail: Error | null = new Error("offline");
    const h = harness(async () => {
      if (fail) throw fail;
      return "ticket";
    });
    h.client.start();
    await tick();
    assert.equal(h.sockets.length, 0);
    assert.equal(h.client.status, "reconnecting");
    fail = new ApiError({ type: "/problems/unauthorized", title: "Unauthorized", status: 401 });
    await h.fire();
    assert.equal(h.client.status, "stopped");
    assert.equal(h.timers.filter((timer) => !timer.cleared).length, 0);
  });

  it("stops cleanly: closes the socket, cancels the retry and ignores late events", async () => {
    const h = harness();
    h.client.start();
    await tick();
    const socket = h.sockets[0] as FakeSocket;
    socket.open();
    h.client.stop();
    assert.ok(socket.closed);
    socket.receive(MESSAGES.price);
    assert.equal(h.messages.length, 0);
    assert.equal(h.client.status, "stopped");
    assert.equal(h.timers.length, 0);
  });

  it("reconnects at once when asked (the browser came back online)", async () => {
    const h = harness();
    h.client.start();
    await tick();
    (h.sockets[0] as FakeSocket).drop();
    const pending = last(h.timers);
    h.client.reconnectNow();
    await tick();
    assert.equal(pending?.cleared, true);
    assert.equal(h.sockets.length, 2);
    (h.sockets[1] as FakeSocket).open();
    h.client.reconnectNow();
    await tick();
    assert.equal(h.sockets.length, 2, "an open connection is kept");
  });

  it("ignores a second start", async () => {
    const h = harness();
    h.client.start();
    h.client.start();
    await tick();
    assert.equal(h.sockets.length, 1);
  });

  it("drops a ticket that arrives after stop", async () => {
    let release: (value: string) => void = () => undefined;
    const h = harness(() => new Promise<string>((resolve) => (release = resolve)));
    h.client.start();
    h.client.stop();
    release("late");
    await tick();
    assert.equal(h.sockets.length, 0);
  });
});

describe("backoff", () => {
  it("grows exponentially between half and all of the ceiling, capped", () => {
    assert.equal(backoffDelay(0, STREAM_BACKOFF, 0), 500);
    assert.equal(backoffDelay(0, STREAM_BACKOFF, 1), 1000);
    assert.equal(backoffDelay(3, STREAM_BACKOFF, 0), 4000);
    assert.equal(backoffDelay(3, STREAM_BACKOFF, 0.999999), 8000);
    assert.equal(backoffDelay(20, STREAM_BACKOFF, 1), 30_000);
    assert.equal(backoffDelay(1000, STREAM_BACKOFF, 0), 15_000);
    assert.equal(backoffDelay(-1, STREAM_BACKOFF, 2), 1000);
  });
});

describe("stream messages", () => {
  it("accepts every message type the server sends", () => {
    for (const [type, message] of Object.entries(MESSAGES)) {
      assert.equal(parseStreamMessage(JSON.stringify(message))?.type, type);
    }
    const decision = { ...(fixture("ai_decision_detail") as object), type: "decision" };
    assert.equal(parseStreamMessage(JSON.stringify(decision))?.type, "decision");
    const bot = { ...(fixture("ai_bot") as object), type: "bot" };
    assert.equal(parseStreamMessage(JSON.stringify(bot))?.type, "bot");
    assert.equal(parseStreamMessage(JSON.stringify({ type: "portfolio", cash: "1", equity: "2" }))?.type, "portfolio");
  });

  it("drops what the app cannot use", () => {
    assert.equal(parseStreamMessage(42), null);
    assert.equal(parseStreamMessage("[1]"), null);
    assert.equal(parseStreamMessage("{"), null);
    assert.equal(parseStreamMessage(JSON.stringify({ type: "price", symbol: "BTCUSDT", price: 5 })), null);
    assert.equal(parseStreamMessage(JSON.stringify({ type: "candle", symbol: "A", interval: "1m", open: "1", high: "1", low: "1", close: "1" })), null);
    assert.equal(parseStreamMessage(JSON.stringify({ type: "subscribed" })), null);
    assert.equal(parseStreamMessage(JSON.stringify({ type: "toString" })), null);
  });

  it("builds the WebSocket address from the page's", () => {
    assert.equal(streamUrl({ protocol: "https:", host: "draizer.example" }, "a b"), "wss://draizer.example/api/v1/stream?ticket=a%20b");
    assert.equal(streamUrl({ protocol: "http:", host: "127.0.0.1:8080" }, "t"), "ws://127.0.0.1:8080/api/v1/stream?ticket=t");
  });
});
