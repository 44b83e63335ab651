// The candlestick chart of the symbol with the account's trades marked, kept live from the stream:
// 1m candles arrive as they form; longer intervals follow the price ticks.

import { useEffect, useMemo, useState } from "react";
import { candles as loadCandles } from "../../api/market";
import { transactions as loadTransactions } from "../../api/portfolio";
import type { CandleInterval, Transaction } from "../../api/types";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { Segmented } from "../../components/Field";
import { Loading } from "../../components/Spinner";
import { CandleChart } from "../../charts/CandleChart";
import { applyTick, intervalMs, mergeCandle, tradeMarkers } from "../../charts/candleData";
import { formatPrice, formatQuantity } from "../../format";
import { useClient } from "../../state/auth";
import { useMarket } from "../../state/market";
import { useLivePrice, useStreamMessages } from "../../state/stream";
import { useAsync } from "../../state/useAsync";

const INTERVALS: CandleInterval[] = ["1m", "5m", "15m", "1h", "4h", "1d"];
const CANDLES = 120;

function describeTrade(trade: Transaction): string {
  const who = trade.source === "manual" ? "manual" : "bot";
  return `${trade.side === "buy" ? "Bought" : "Sold"} ${formatQuantity(trade.quantity)} at ${formatPrice(trade.price)} (${who})`;
}

export function CandlesCard({ symbol }: { symbol: string }) {
  const client = useClient();
  const { symbolInfo } = useMarket();
  const [interval, setCandleInterval] = useState<CandleInterval>("1h");
  const period = intervalMs(interval);
  const series = useAsync((signal) => loadCandles(client, { symbol, interval, limit: CANDLES }, signal).then((answer) => answer.candles), [client, symbol, interval]);
  const trades = useAsync(
    () => loadTransactions(client, { symbol, per_page: 100, from: new Date(Date.now() - CANDLES * period).toISOString() }).then((page) => page.items),
    [client, symbol, period],
  );
  const { setData, reload } = series;
  const reloadTrades = trades.reload;

  // The forming candles drawn from ticks are estimates: replace them with the source's every few minutes.
  useEffect(() => {
    const timer = setInterval(reload, Math.max(period, 5 * 60_000));
    return () => clearInterval(timer);
  }, [reload, period]);

  useStreamMessages((message) => {
    if (message.type === "candle" && message.symbol === symbol && message.interval === interval) {
      setData((previous) => (previous ? mergeCandle(previous, message, CANDLES) : previous));
    } else if (message.type === "price" && message.symbol === symbol) {
      // Ticks build the forming candle (and its high and low) until the source lists it.
      setData((previous) => (previous ? applyTick(previous, message.price, Date.now(), period, CANDLES) : previous));
    } else if (message.type === "trade" && message.symbol === symbol) {
      reloadTrades();
    }
  });

  // The endpoint lists closed candles only: draw the forming one from the latest price.
  const live = useLivePrice(symbol);
  const loaded = series.data;
  const candles = useMemo(() => (loaded && live ? applyTick(loaded, live.price, live.receivedAt, period, CANDLES) : loaded), [loaded, live, period]);
  const markers = useMemo(() => (candles && trades.data ? tradeMarkers(trades.data, candles, period, describeTrade) : []), [candles, trades.data, period]);
  const last = candles?.[candles.length - 1];
  const tick = symbolInfo(symbol)?.tick_size;

  return (
    <Card
      title={`${symbol} price`}
      actions={<Segmented label="Candle interval" hideLabel value={interval} onChange={setCandleInterval} options={INTERVALS.map((value) => ({ value, label: value }))} />}
    >
      {series.loading ? (
        <Loading label="Loading candles…" />
      ) : series.error && !candles ? (
        <ErrorState error={series.error} onRetry={reload} title="Could not load candles" />
      ) : !candles || candles.length === 0 ? (
        <EmptyState title="No candles yet">The market source has no history for {symbol} at this interval.</EmptyState>
      ) : (
        <>
          <ul className="chart-legend" aria-label="Legend">
            <li>
              <span className="legend-marker--buy" aria-hidden="true">
                ▲
              </span>
              Buy
            </li>
            <li>
              <span className="legend-marker--sell" aria-hidden="true">
                ▼
              </span>
              Sell
            </li>
            <li>{markers.length === 1 ? "1 trade in view" : `${markers.length} trades in view`}</li>
          </ul>
          <CandleChart
            candles={candles}
            markers={markers}
            interval={interval}
            tickSize={tick}
            label={`${symbol} ${interval} candlestick chart, ${candles.length} candles${last ? `, last close ${formatPrice(last.close, tick)}` : ""}, ${markers.length} trades marked`}
          />
        </>
      )}
    </Card>
  );
}
