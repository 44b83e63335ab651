// The live stream for the signed-in user, shared by every page: one WebSocket, symbols subscribed while
// some component wants them, messages fanned out to listeners, and the latest price per symbol.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { price as loadPrice } from "../api/market";
import { streamTicket, streamUrl } from "../api/stream";
import type { StreamMessage } from "../api/types";
import { useClient } from "./auth";
import { StreamClient, type StreamStatus } from "./streamClient";

export interface LivePrice {
  price: string;
  /** When this browser received it (freshness is judged by arrival, as the server does). */
  receivedAt: number;
  source: string;
}

type Listener = (message: StreamMessage) => void;

interface StreamContextValue {
  status: StreamStatus;
  retryInMs: number | undefined;
  addListener: (listener: Listener) => () => void;
  /** Subscribe to a symbol while the returned function has not been called. */
  want: (symbol: string) => () => void;
  prices: ReadonlyMap<string, LivePrice>;
}

const StreamContext = createContext<StreamContextValue | null>(null);

export function StreamProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [status, setStatus] = useState<StreamStatus>("idle");
  const [retryInMs, setRetryInMs] = useState<number | undefined>(undefined);
  const [prices, setPrices] = useState<ReadonlyMap<string, LivePrice>>(() => new Map());
  const pricesRef = useRef(prices);
  pricesRef.current = prices;
  const seeding = useRef(new Set<string>());
  const listeners = useRef(new Set<Listener>());
  const wanted = useRef(new Map<string, number>());
  const streamRef = useRef<StreamClient | null>(null);

  useEffect(() => {
    const stream = new StreamClient(
      {
        ticket: async () => (await streamTicket(client)).ticket,
        connect: (ticket) => new WebSocket(streamUrl(window.location, ticket)),
        setTimer: (callback, ms) => setTimeout(callback, ms),
        clearTimer: (handle) => clearTimeout(handle),
        random: Math.random,
      },
      {
        onStatus: (next, retry) => {
          setStatus(next);
          setRetryInMs(retry);
        },
        onMessage: (message) => {
          if (message.type === "price") {
            setPrices((previous) => {
              const next = new Map(previous);
              next.set(message.symbol, { price: message.price, receivedAt: Date.now(), source: message.source });
              return next;
            });
          }
          for (const listener of [...listeners.current]) listener(message);
        },
      },
    );
    streamRef.current = stream;
    stream.setSymbols(wanted.current.keys());
    stream.start();
    const online = () => stream.reconnectNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      stream.stop();
      streamRef.current = null;
    };
  }, [client]);

  const addListener = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  // Until the stream's first tick for a symbol, its latest price comes from the REST endpoint (once).
  const seed = useCallback(
    (symbol: string) => {
      if (pricesRef.current.has(symbol) || seeding.current.has(symbol)) return;
      seeding.current.add(symbol);
      loadPrice(client, symbol)
        .then((answer) => {
          const seeded: LivePrice = { price: answer.price, receivedAt: Date.now() - answer.age_ms, source: answer.source };
          setPrices((previous) => (previous.has(symbol) ? previous : new Map(previous).set(symbol, seeded)));
        })
        .catch(() => {
          // No price yet (503) or offline: the stream brings one.
        })
        .finally(() => seeding.current.delete(symbol));
    },
    [client],
  );

  const want = useCallback((symbol: string) => {
    seed(symbol);
    const counts = wanted.current;
    counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    streamRef.current?.setSymbols(counts.keys());
    return () => {
      const count = (counts.get(symbol) ?? 1) - 1;
      if (count <= 0) counts.delete(symbol);
      else counts.set(symbol, count);
      streamRef.current?.setSymbols(counts.keys());
    };
  }, [seed]);

  const value = useMemo(() => ({ status, retryInMs, addListener, want, prices }), [status, retryInMs, addListener, want, prices]);
  return <StreamContext.Provider value={value}>{children}</StreamContext.Provider>;
}

function useStreamContext(): StreamContextValue {
  const value = useContext(StreamContext);
  if (!value) throw new Error("stream hooks outside StreamProvider");
  return value;
}

export function useStreamStatus(): { status: StreamStatus; retryInMs: number | undefined } {
  const { status, retryInMs } = useStreamContext();
  return { status, retryInMs };
}

/** Calls `handler` for every stream message while mounted (the latest handler, without resubscribing). */
export function useStreamMessages(handler: Listener): void {
  const { addListener } = useStreamContext();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => addListener((message) => ref.current(message)), [addListener]);
}

/** The latest price of `symbol` (streamed, or from the REST endpoint until the first tick), subscribing to it while mounted. */
export function useLivePrice(symbol: string | undefined): LivePrice | undefined {
  const { want, prices } = useStreamContext();
  useEffect(() => (symbol ? want(symbol) : undefined), [symbol, want]);
  return symbol ? prices.get(symbol) : undefined;
}

/** Re-renders every `intervalMs` (for "5 s ago" labels and staleness checks). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
