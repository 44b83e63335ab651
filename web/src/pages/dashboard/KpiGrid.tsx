import type { Portfolio, PortfolioStats } from "../../api/types";
import { Change } from "../../components/Change";
import { Kpi } from "../../components/Kpi";
import { percentOf } from "../../decimal";
import { formatPercent, formatRatio, formatUsd } from "../../format";

export function KpiGrid({ portfolio, stats }: { portfolio: Portfolio; stats: PortfolioStats }) {
  const totalPercent = percentOf(portfolio.total_pnl, portfolio.initial_balance);
  const closed = stats.winning_trades + stats.losing_trades;
  return (
    <dl className="kpis" aria-label="Portfolio figures">
      <Kpi label="Equity" value={formatUsd(portfolio.equity)} sub={portfolio.unpriced_symbols.length > 0 ? `No price for ${portfolio.unpriced_symbols.join(", ")}` : `Started with ${formatUsd(portfolio.initial_balance)}`} />
      <Kpi label="Cash" value={formatUsd(portfolio.cash)} sub={`Positions ${formatUsd(portfolio.positions_value)}`} />
      <Kpi
        label="Total P&L"
        value={<Change value={portfolio.total_pnl}>{formatUsd(portfolio.total_pnl, true)}</Change>}
        sub={totalPercent !== undefined ? <Change value={totalPercent}>{formatPercent(totalPercent, 2, true)}</Change> : "—"}
      />
      <Kpi label="Unrealized P&L" value={<Change value={portfolio.unrealized_pnl}>{formatUsd(portfolio.unrealized_pnl, true)}</Change>} sub={<>Realized <Change value={portfolio.realized_pnl}>{formatUsd(portfolio.realized_pnl, true)}</Change></>} />
      <Kpi label="Win rate" value={closed > 0 ? formatRatio(stats.win_rate, 1) : "—"} sub={closed > 0 ? `${stats.winning_trades} won · ${stats.losing_trades} lost` : "No closed trades yet"} />
      <Kpi label="Trades" value={String(stats.total_trades)} sub={stats.max_drawdown !== undefined ? `Max drawdown ${formatRatio(stats.max_drawdown, 2)}` : `Run ${portfolio.run_number}`} />
      <Kpi label="Fees paid" value={formatUsd(portfolio.fees_paid)} sub="Taker fee on every fill" />
    </dl>
  );
}
