// The symbol's live price with its 24h change, range and volume, and a warning when the price is stale.

import { useEffect, useRef } from "react";
import { ticker as loadTicker } from "../../api/market";
import { Banner } from "../../components/Banner";
import { Card } from "../../components/Card";
import { Change } from "../../components/Change";
import { Loading } from "../../components/Spinner";
import { SourceBadge } from "../../components/TradingBadges";
import { formatCompact, formatPercent, formatPrice, formatRelative } from "../../format";
import { dayChange, isStale } from "../../quote";
import { useClient } from "../../state/auth";
import { useMarket } from "../../state/market";
import { useLivePrice, useNow } from "../../state/stream";
import { useAsync } from "../../state/useAsync";

export function PriceHeader({ symbol }: { symbol: string }) {
  const client = useClient();
  const { symbolInfo, rules } = useMarket();
  const info = symbolInfo(symbol);
  const live = useLivePrice(symbol);
  const now = useNow(1000);
  const shownAt = useRef(Date.now());
  useEffect(() => {
    shownAt.current = Date.now();
  }, [symbol]);
  const ticker = useAsync(() => loadTicker(client, symbol), [client, symbol]);
  const reloadTicker = ticker.reload;

  useEffect(() => {
    const timer = setInterval(reloadTicker, 60_000);
    return () => clearInterval(timer);
  }, [reloadTicker]);

  const current = live;
  const stale = current !== undefined && isStale(current.receivedAt, now, rules.maxPriceAgeMs);
  const change = ticker.data ? dayChange(ticker.data, current?.price) : undefined;
  const tick = info?.tick_size;

  return (
    <Card className="quote-card">
      {!current ? (
        now - shownAt.current < 10_000 ? (
          <Loading label={`Waiting for the ${symbol} price…`} />
        ) : (
          <p className="muted">No {symbol} price has arrived yet. It appears here as soon as the market source sends one.</p>
        )
      ) : (
        <div className="stack">
          <div className="quote">
            <span className="quote__symbol">
              {info ? `${info.base_asset}/${info.quote_asset}` : symbol}
            </span>
            <span className="quote__price" aria-live="off" data-testid="live-price">
              {current ? formatPrice(current.price, tick) : "—"}
            </span>
            {change && (
              <span className="quote__change">
                <Change value={change.change}>{`${formatPrice(change.change, tick, true)} (${formatPercent(change.percent, 2, true)})`}</Change>
                <span className="muted small"> 24h</span>
              </span>
            )}
            {current && <SourceBadge source={current.source} />}
          </div>
          {ticker.data && (
            <dl className="quote__stats">
              <div>
                <dt>24h high</dt>
                <dd>{formatPrice(ticker.data.high_price, tick)}</dd>
              </div>
              <div>
                <dt>24h low</dt>
                <dd>{formatPrice(ticker.data.low_price, tick)}</dd>
              </div>
              <div>
                <dt>24h volume</dt>
                <dd>
                  {formatCompact(ticker.data.volume)} {info?.base_asset ?? ""}
                </dd>
              </div>
              <div>
                <dt>Updated</dt>
                <dd>{current ? formatRelative(current.receivedAt, now) : "—"}</dd>
              </div>
            </dl>
          )}
          {stale && current && (
            <Banner tone="warning" title="Stale price">
              The last {symbol} price arrived {formatRelative(current.receivedAt, now)}. Orders are refused until fresh prices arrive.
            </Banner>
          )}
        </div>
      )}
    </Card>
  );
}
