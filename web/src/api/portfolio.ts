// /api/v1/portfolio and /api/v1/trading/orders: the account, its history and manual orders.

import type { ApiClient, QueryValue } from "./client";
import type {
  EquityPoint,
  Page,
  PlacedOrder,
  PlaceOrderRequest,
  Portfolio,
  PortfolioStats,
  Position,
  Transaction,
  TransactionQuery,
} from "./types";

export const portfolio = (client: ApiClient) => client.json<Portfolio>("/api/v1/portfolio");

export const positions = (client: ApiClient) => client.json<Position[]>("/api/v1/portfolio/positions");

export const stats = (client: ApiClient) => client.json<PortfolioStats>("/api/v1/portfolio/stats");

export const equityCurve = (client: ApiClient, run?: number) =>
  client.json<EquityPoint[]>("/api/v1/portfolio/equity", { query: { run } });

function transactionQuery(query: TransactionQuery): Record<string, QueryValue> {
  return { page: query.page, per_page: query.per_page, side: query.side, symbol: query.symbol, from: query.from, to: query.to };
}

export const transactions = (client: ApiClient, query: TransactionQuery = {}) =>
  client.json<Page<Transaction>>("/api/v1/portfolio/transactions", { query: transactionQuery(query) });

/** The filtered history as CSV (every page), for download. */
export const transactionsCsv = (client: ApiClient, query: TransactionQuery = {}) =>
  client.blob("/api/v1/portfolio/transactions", {
    query: { ...transactionQuery({ ...query, page: undefined, per_page: undefined }), format: "csv" },
    headers: { Accept: "text/csv, application/problem+json" },
  });

export const resetPortfolio = (client: ApiClient) => client.json<Portfolio>("/api/v1/portfolio/reset", { method: "POST" });

/** A market order; the idempotency key makes a retried submission return the first result. */
export const placeOrder = (client: ApiClient, order: PlaceOrderRequest, idempotencyKey: string) =>
  client.json<PlacedOrder>("/api/v1/trading/orders", {
    method: "POST",
    body: order,
    headers: { "Idempotency-Key": idempotencyKey },
  });
