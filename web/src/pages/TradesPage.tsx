// The transaction history: filters in the address (so a filtered view can be bookmarked), pages of 25,
// and the filtered history as CSV.

import { useState } from "react";
import { transactions as loadTransactions, transactionsCsv } from "../api/portfolio";
import { errorMessage } from "../api/problem";
import type { Transaction } from "../api/types";
import { Button } from "../components/Button";
import { Card } from "../components/Card";
import { Change } from "../components/Change";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { SelectField, TextField } from "../components/Field";
import { PageHeader } from "../components/PageHeader";
import { Pagination } from "../components/Pagination";
import { downloadBlob } from "../components/RecoveryCodes";
import { Loading } from "../components/Spinner";
import { Table, type Column } from "../components/Table";
import { SideBadge } from "../components/TradingBadges";
import { formatDateTime, formatPrice, formatQuantity, formatUsd, humanize } from "../format";
import { tradeQuery, TRADES_PER_PAGE } from "../pageQueries";
import { routeUrl, type TradeFilters } from "../routes";
import { useClient } from "../state/auth";
import { useMarket } from "../state/market";
import { useRouter } from "../state/router";
import { useStreamMessages } from "../state/stream";
import { useToasts } from "../state/toasts";
import { useAsync } from "../state/useAsync";

export function TradesPage({ filters }: { filters: TradeFilters }) {
  const client = useClient();
  const { navigate } = useRouter();
  const { symbols, symbolInfo } = useMarket();
  const { push } = useToasts();
  const [exporting, setExporting] = useState(false);
  const query = tradeQuery(filters);
  const key = routeUrl({ name: "trades", filters });
  const page = useAsync(() => loadTransactions(client, query), [client, key]);

  useStreamMessages((message) => {
    if (message.type === "trade" && filters.page === 1) page.reload();
  });

  const update = (change: Partial<TradeFilters>) => navigate(routeUrl({ name: "trades", filters: { ...filters, page: 1, ...change } }));

  const exportCsv = async () => {
    setExporting(true);
    try {
      const blob = await transactionsCsv(client, query);
      downloadBlob("draizer-transactions.csv", blob);
    } catch (error) {
      push({ kind: "error", title: "Export failed", message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };

  const columns: Column<Transaction>[] = [
    { key: "time", header: "Time", cell: (row) => <span className="nowrap">{formatDateTime(row.created_at)}</span> },
    { key: "symbol", header: "Symbol", cell: (row) => row.symbol },
    { key: "side", header: "Side", cell: (row) => <SideBadge side={row.side} /> },
    { key: "quantity", header: "Quantity", numeric: true, cell: (row) => formatQuantity(row.quantity) },
    { key: "price", header: "Price", numeric: true, cell: (row) => formatPrice(row.price, symbolInfo(row.symbol)?.tick_size) },
    { key: "amount", header: "Amount", numeric: true, cell: (row) => formatUsd(row.quote_amount) },
    { key: "fee", header: "Fee", numeric: true, optional: true, cell: (row) => formatUsd(row.fee) },
    { key: "pnl", header: "Realized P&L", numeric: true, cell: (row) => (row.realized_pnl !== undefined ? <Change value={row.realized_pnl}>{formatUsd(row.realized_pnl, true)}</Change> : <span className="subtle">—</span>) },
    { key: "source", header: "Source", optional: true, cell: (row) => humanize(row.source) },
    { key: "venue", header: "Venue", optional: true, cell: (row) => humanize(row.venue) },
  ];

  const filtered = Boolean(filters.side || filters.symbol || filters.from || filters.to);
  return (
    <>
      <PageHeader title="Trades">
        <Button onClick={() => void exportCsv()} loading={exporting} disabled={page.data?.total === 0}>
          ⤓ Export CSV
        </Button>
      </PageHeader>
      <Card className="card--flush">
        <form className="filters" aria-label="Filter trades" onSubmit={(event) => event.preventDefault()}>
          <SelectField
            label="Side"
            value={filters.side ?? ""}
            onChange={(event) => update({ side: event.target.value === "buy" || event.target.value === "sell" ? event.target.value : undefined })}
            options={[
              { value: "", label: "Buys and sells" },
              { value: "buy", label: "Buys" },
              { value: "sell", label: "Sells" },
            ]}
          />
          <SelectField label="Symbol" value={filters.symbol ?? ""} onChange={(event) => update({ symbol: event.target.value || undefined })} options={[{ value: "", label: "All symbols" }, ...symbols.map((info) => ({ value: info.symbol, label: info.symbol }))]} />
          <TextField label="From" type="date" value={filters.from ?? ""} max={filters.to} onChange={(event) => update({ from: event.target.value || undefined })} />
          <TextField label="To" type="date" value={filters.to ?? ""} min={filters.from} onChange={(event) => update({ to: event.target.value || undefined })} />
          {filtered && (
            <Button variant="ghost" onClick={() => navigate("/trades")}>
              Clear filters
            </Button>
          )}
        </form>
        {page.loading ? (
          <Loading label="Loading trades…" />
        ) : page.error ? (
          <div className="card__body">
            <ErrorState error={page.error} onRetry={page.reload} title="Could not load trades" />
          </div>
        ) : page.data ? (
          <>
            <Table
              caption="Transaction history"
              columns={columns}
              rows={page.data.items}
              rowKey={(row) => row.id}
              empty={
                <EmptyState title={filtered ? "No trades match these filters" : "No trades yet"}>
                  {filtered ? "Try a wider date range or another side." : "Trades appear here when the bot or you buy or sell."}
                </EmptyState>
              }
            />
            {page.data.total > 0 && <Pagination page={filters.page} perPage={TRADES_PER_PAGE} total={page.data.total} onPage={(next) => navigate(routeUrl({ name: "trades", filters: { ...filters, page: next } }))} label="Trade pages" />}
          </>
        ) : null}
      </Card>
    </>
  );
}
