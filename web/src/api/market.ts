// Public market data (/api/v1/market), the server's readiness, which names the market source, and the
// rules orders are executed by (/api/v1/trading/config: fee, slippage, price age limit, live symbols).

import type { ApiClient } from "./client";
import type { CandleInterval, CandlesResponse, PriceResponse, Readiness, SymbolInfo, Ticker, TradingConfig } from "./types";

export const readiness = (client: ApiClient) => client.json<Readiness>("/ready", { auth: false });

export const tradingConfig = (client: ApiClient) => client.json<TradingConfig>("/api/v1/trading/config", { auth: false });

export const symbols = (client: ApiClient) => client.json<SymbolInfo[]>("/api/v1/market/symbols", { auth: false });

export const price = (client: ApiClient, symbol: string) =>
  client.json<PriceResponse>("/api/v1/market/price", { query: { symbol }, auth: false });

export const ticker = (client: ApiClient, symbol: string) =>
  client.json<Ticker>("/api/v1/market/ticker", { query: { symbol }, auth: false });

export interface CandleQuery {
  symbol: string;
  interval: CandleInterval;
  limit?: number;
  start?: number;
  end?: number;
}

export const candles = (client: ApiClient, query: CandleQuery, signal?: AbortSignal) =>
  client.json<CandlesResponse>("/api/v1/market/candles", {
    query: { symbol: query.symbol, interval: query.interval, limit: query.limit, start: query.start, end: query.end },
    auth: false,
    ...(signal ? { signal } : {}),
  });
