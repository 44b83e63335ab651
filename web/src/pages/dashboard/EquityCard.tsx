// The account's equity since the current run started, against buying the symbol at the start and holding.

import { useEffect, useMemo } from "react";
import { candles as loadCandles } from "../../api/market";
import { equityCurve } from "../../api/portfolio";
import type { Portfolio } from "../../api/types";
import { Card } from "../../components/Card";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Spinner";
import { EquityChart } from "../../charts/EquityChart";
import { buyAndHold, equityPoints, intervalForSpan, type XY } from "../../charts/equitySeries";
import { intervalMs } from "../../charts/candleData";
import { formatUsd } from "../../format";
import { useClient } from "../../state/auth";
import { useLivePrice, useStreamMessages } from "../../state/stream";
import { useAsync } from "../../state/useAsync";

export function EquityCard({ symbol, portfolio }: { symbol: string; portfolio: Portfolio | undefined }) {
  const client = useClient();
  const runStart = portfolio ? Date.parse(portfolio.run_started_at) : undefined;
  const runNumber = portfolio?.run_number;
  const curve = useAsync(() => equityCurve(client, runNumber), [client, runNumber]);
  const history = useAsync(async () => {
    if (runStart === undefined) return null;
    const interval = intervalForSpan(Date.now() - runStart);
    const answer = await loadCandles(client, { symbol, interval, limit: 1000, start: runStart - intervalMs(interval) });
    return { interval, candles: answer.candles };
  }, [client, symbol, runStart]);
  const live = useLivePrice(symbol);
  const initialBalance = portfolio?.initial_balance;
  const benchmark = useMemo<XY[]>(() => {
    if (runStart === undefined || !history.data || initialBalance === undefined) return [];
    const latest = live ? { time: live.receivedAt, price: live.price } : undefined;
    return buyAndHold(initialBalance, runStart, history.data.candles, history.data.interval, Date.now(), latest);
  }, [runStart, history.data, initialBalance, live]);
  const reloadCurve = curve.reload;
  const reloadBenchmark = history.reload;

  useStreamMessages((message) => {
    if (message.type === "trade") reloadCurve();
  });
  useEffect(() => {
    const timer = setInterval(() => {
      reloadCurve();
      reloadBenchmark();
    }, 60_000);
    return () => clearInterval(timer);
  }, [reloadCurve, reloadBenchmark]);

  const equity = useMemo<XY[]>(() => {
    if (!portfolio || !curve.data || runStart === undefined) return [];
    const points = equityPoints(curve.data, portfolio.equity ? { time: Date.now(), equity: portfolio.equity } : undefined);
    const first = points[0];
    if (!first || first.x > runStart) points.unshift({ x: runStart, y: Number(portfolio.initial_balance) });
    return points;
  }, [portfolio, curve.data, runStart]);

  const last = equity[equity.length - 1];
  const lastBenchmark = benchmark[benchmark.length - 1];

  return (
    <Card title="Equity vs buy-and-hold">
      {curve.loading || !portfolio ? (
        <Loading label="Loading the equity curve…" />
      ) : curve.error ? (
        <ErrorState error={curve.error} onRetry={reloadCurve} title="Could not load the equity curve" />
      ) : (
        <>
          <ul className="chart-legend" aria-label="Legend">
            <li>
              <span className="legend-swatch" aria-hidden="true" />
              Equity {last ? formatUsd(last.y.toFixed(2)) : ""}
            </li>
            <li>
              <span className="legend-swatch legend-swatch--dashed" aria-hidden="true" />
              Buy and hold {symbol} {lastBenchmark ? formatUsd(lastBenchmark.y.toFixed(2)) : ""}
            </li>
          </ul>
          <EquityChart
            equity={equity}
            benchmark={benchmark}
            benchmarkLabel={`Buy and hold ${symbol}`}
            label={`Equity curve of run ${portfolio.run_number}${last ? `, now ${formatUsd(last.y.toFixed(2))}` : ""}${lastBenchmark ? `, buy and hold ${formatUsd(lastBenchmark.y.toFixed(2))}` : ""}`}
          />
        </>
      )}
    </Card>
  );
}
