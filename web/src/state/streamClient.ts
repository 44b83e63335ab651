// The live stream connection, independent of React so its reconnect logic can be tested with a fake
// socket and fake timers. Every (re)connect fetches a fresh one-use ticket, subscribes to the wanted
// symbols once open, and after a drop retries with capped, jittered exponential backoff. A ticket refused
// with 401/403 means the session is over: the client stops instead of retrying forever.

import { ApiError } from "../api/problem";
import { parseStreamMessage } from "../api/streamMessage";
import type { StreamMessage } from "../api/types";
import { backoffDelay, STREAM_BACKOFF, type BackoffPolicy } from "./backoff";

export type StreamStatus = "idle" | "connecting" | "open" | "reconnecting" | "stopped";

/** The part of the browser's WebSocket the client uses. */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type TimerHandle = ReturnType<typeof setTimeout>;

export interface StreamDependencies {
  ticket: () => Promise<string>;
  connect: (ticket: string) => SocketLike;
  setTimer: (callback: () => void, ms: number) => TimerHandle;
  clearTimer: (handle: TimerHandle) => void;
  random: () => number;
  policy?: BackoffPolicy;
}

export interface StreamCallbacks {
  onMessage: (message: StreamMessage) => void;
  onStatus: (status: StreamStatus, retryInMs?: number) => void;
}

export class StreamClient {
  private socket: SocketLike | null = null;
  private timer: TimerHandle | null = null;
  private attempt = 0;
  private generation = 0;
  private running = false;
  private isOpen = false;
  private readonly symbols = new Set<string>();
  private statusValue: StreamStatus = "idle";

  constructor(private readonly deps: StreamDependencies, private readonly callbacks: StreamCallbacks) {}

  get status(): StreamStatus {
    return this.statusValue;
  }

  /** How many retries in a row have failed (0 once a connection delivers messages). */
  get failedAttempts(): number {
    return this.attempt;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    this.clearTimer();
    this.closeSocket();
    this.setStatus("stopped");
  }

  /** Reconnect at once (the browser came back online), skipping a pending backoff. */
  reconnectNow(): void {
    if (!this.running || this.isOpen) return;
    this.clearTimer();
    this.generation += 1;
    this.closeSocket();
    void this.connect();
  }

  /** The symbols to receive prices and candles for; applied now when connected, and on every reconnect. */
  setSymbols(symbols: Iterable<string>): void {
    const wanted = new Set(symbols);
    const added = [...wanted].filter((symbol) => !this.symbols.has(symbol));
    const removed = [...this.symbols].filter((symbol) => !wanted.has(symbol));
    this.symbols.clear();
    for (const symbol of wanted) this.symbols.add(symbol);
    if (!this.isOpen || !this.socket) return;
    if (removed.length > 0) this.send({ type: "unsubscribe", symbols: removed });
    if (added.length > 0) this.send({ type: "subscribe", symbols: added });
  }

  private setStatus(status: StreamStatus, retryInMs?: number): void {
    this.statusValue = status;
    this.callbacks.onStatus(status, retryInMs);
  }

  private send(message: unknown): void {
    try {
      this.socket?.send(JSON.stringify(message));
    } catch {
      // A socket closing under us reports through onclose.
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      this.deps.clearTimer(this.timer);
      this.timer = null;
    }
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.isOpen = false;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(1000, "client closing");
    } catch {
      // Already closed.
    }
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.setStatus(this.attempt === 0 ? "connecting" : "reconnecting");
    let ticket: string;
    try {
      ticket = await this.deps.ticket();
    } catch (error) {
      if (generation !== this.generation || !this.running) return;
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        this.running = false;
        this.setStatus("stopped");
        return;
      }
      this.scheduleRetry();
      return;
    }
    if (generation !== this.generation || !this.running) return;

    let socket: SocketLike;
    try {
      socket = this.deps.connect(ticket);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (generation !== this.generation) return;
      this.isOpen = true;
      if (this.symbols.size > 0) this.send({ type: "subscribe", symbols: [...this.symbols] });
      this.setStatus("open");
    };
    socket.onmessage = (event) => {
      if (generation !== this.generation) return;
      // Messages flowing prove the connection works: the next drop starts the backoff afresh.
      this.attempt = 0;
      const message = parseStreamMessage(event.data);
      if (message) this.callbacks.onMessage(message);
    };
    socket.onerror = () => {
      // The close event that follows does the work.
    };
    socket.onclose = () => {
      if (generation !== this.generation) return;
      this.socket = null;
      this.isOpen = false;
      if (this.running) this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, this.deps.policy ?? STREAM_BACKOFF, this.deps.random());
    this.attempt += 1;
    this.setStatus("reconnecting", delay);
    this.clearTimer();
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      if (this.running) void this.connect();
    }, delay);
  }
}
