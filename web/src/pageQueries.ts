// The API queries behind the list pages, from the filters in their address.

import type { DecisionQuery, TransactionQuery } from "./api/types";
import type { DecisionFilters, TradeFilters } from "./routes";

export const TRADES_PER_PAGE = 25;

/**
 * Local calendar days onto the API's instants (ISO-8601 in UTC, as `toISOString()` writes them; the server
 * takes fractional seconds): `from` at the day's start, `to` at the next day's start (`to` is exclusive).
 */
export function tradeQuery(filters: TradeFilters, perPage = TRADES_PER_PAGE): TransactionQuery {
  const query: TransactionQuery = { page: filters.page, per_page: perPage };
  if (filters.side) query.side = filters.side;
  if (filters.symbol) query.symbol = filters.symbol;
  if (filters.from) query.from = new Date(`${filters.from}T00:00:00`).toISOString();
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    query.to = end.toISOString();
  }
  return query;
}

export const DECISIONS_PER_PAGE = 20;

export function decisionQuery(filters: DecisionFilters, perPage = DECISIONS_PER_PAGE): DecisionQuery {
  const query: DecisionQuery = { page: filters.page, per_page: perPage };
  if (filters.action) query.action = filters.action;
  if (filters.engine) query.engine = filters.engine;
  if (filters.executed !== undefined) query.executed = filters.executed;
  if (filters.symbol) query.symbol = filters.symbol;
  return query;
}
