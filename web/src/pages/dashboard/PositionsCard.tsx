import type { Portfolio, Position } from "../../api/types";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { Change } from "../../components/Change";
import { EmptyState } from "../../components/EmptyState";
import { Table, type Column } from "../../components/Table";
import { formatPrice, formatQuantity, formatUsd } from "../../format";
import { useMarket } from "../../state/market";
import { Link, useRouter } from "../../state/router";

export function PositionsCard({ portfolio }: { portfolio: Portfolio }) {
  const { symbolInfo } = useMarket();
  const { navigate } = useRouter();
  const columns: Column<Position>[] = [
    { key: "symbol", header: "Symbol", cell: (row) => <strong>{row.symbol}</strong> },
    { key: "quantity", header: "Quantity", numeric: true, cell: (row) => formatQuantity(row.quantity) },
    { key: "entry", header: "Avg. entry", numeric: true, optional: true, cell: (row) => formatPrice(row.average_entry_price, symbolInfo(row.symbol)?.tick_size) },
    { key: "price", header: "Price", numeric: true, cell: (row) => formatPrice(row.current_price, symbolInfo(row.symbol)?.tick_size) },
    { key: "value", header: "Value", numeric: true, optional: true, cell: (row) => formatUsd(row.market_value) },
    { key: "pnl", header: "Unrealized", numeric: true, cell: (row) => <Change value={row.unrealized_pnl}>{formatUsd(row.unrealized_pnl, true)}</Change> },
    {
      key: "action",
      header: <span className="visually-hidden">Actions</span>,
      cell: (row) => (
        <Link to={`/trade?symbol=${row.symbol}&side=sell`} className="small">
          Sell
        </Link>
      ),
    },
  ];
  return (
    <Card title="Open positions" className="card--flush">
      <Table
        caption="Open positions"
        columns={columns}
        rows={portfolio.positions}
        rowKey={(row) => row.symbol}
        empty={
          <EmptyState title="No open positions" action={<Button size="sm" onClick={() => navigate("/trade")}>Place a trade</Button>}>
            The bot's buys, and yours, appear here.
          </EmptyState>
        }
      />
    </Card>
  );
}
