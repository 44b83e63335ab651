// A manual market order with a live preview of what it would most likely do: the fill price after
// slippage, the quantity after lot rounding, the fee and the cash left, with the fee, slippage and price age
// limit the server publishes (GET /api/v1/trading/config; its defaults only until that has loaded).

import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { placeOrder, portfolio as loadPortfolio } from "../api/portfolio";
import { ApiError } from "../api/problem";
import type { OrderSide, PlacedOrder, PlaceOrderRequest } from "../api/types";
import { Banner } from "../components/Banner";
import { Button } from "../components/Button";
import { Card } from "../components/Card";
import { ErrorState, FormError } from "../components/ErrorState";
import { Segmented, SelectField, TextField } from "../components/Field";
import { PageHeader } from "../components/PageHeader";
import { Loading } from "../components/Spinner";
import { formatBps, formatPrice, formatQuantity, formatRelative, formatUsd } from "../format";
import { isStale } from "../quote";
import { randomKey } from "../randomKey";
import { useClient } from "../state/auth";
import { DEFAULT_SYMBOL, useMarket } from "../state/market";
import { useLivePrice, useNow, useStreamMessages } from "../state/stream";
import { useAsync } from "../state/useAsync";
import { previewOrder, shareOf, type OrderSize } from "../tradePreview";

type SizeKind = OrderSize["kind"];

export function TradePage({ initialSymbol, initialSide }: { initialSymbol?: string | undefined; initialSide?: OrderSide | undefined }) {
  const client = useClient();
  const { symbols, symbolInfo, rules, configError, configLoading, reloadConfig } = useMarket();
  const now = useNow(1000);
  const [symbol, setSymbol] = useState(initialSymbol ?? DEFAULT_SYMBOL);
  const [side, setSide] = useState<OrderSide>(initialSide ?? "buy");
  const [kind, setKind] = useState<SizeKind>(initialSide === "sell" ? "quantity" : "quote");
  const [size, setSize] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<PlacedOrder | null>(null);
  const idempotencyKey = useRef(randomKey());
  const info = symbolInfo(symbol);
  const live = useLivePrice(symbol);
  const account = useAsync(() => loadPortfolio(client), [client]);
  const reloadAccount = account.reload;

  useStreamMessages((message) => {
    if (message.type === "trade") reloadAccount();
  });

  // A changed order is a new order: it gets a new idempotency key.
  useEffect(() => {
    idempotencyKey.current = randomKey();
  }, [symbol, side, kind, size]);

  const current = live;
  const stale = current ? isStale(current.receivedAt, now, rules.maxPriceAgeMs) : false;
  const held = account.data?.positions.find((position) => position.symbol === symbol)?.quantity ?? "0";
  const cash = account.data?.cash;
  const orderSize: OrderSize = kind === "quote" ? { kind, amount: size } : { kind, quantity: size };
  const result = useMemo(
    () =>
      info && current && cash !== undefined
        ? previewOrder({ side, size: orderSize, price: current.price, symbol: info, cash, held, feeBps: rules.feeBps, slippageBps: rules.slippageBps })
        : null,
    // orderSize is rebuilt from kind and size on every render.
    [info, current?.price, cash, held, side, kind, size, rules.feeBps, rules.slippageBps],
  );
  const base = info?.base_asset ?? "";
  const quote = info?.quote_asset ?? "USDT";

  const fill = (share: number) => {
    if (!info) return;
    if (side === "buy") {
      setKind("quote");
      setSize(cash ? shareOf(cash, share, "0.01") : "");
    } else {
      setKind("quantity");
      setSize(shareOf(held, share, info.step_size));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!result?.ok) return;
    setBusy(true);
    setError(null);
    const order: PlaceOrderRequest = kind === "quote" ? { side, symbol, quote_amount: size.trim() } : { side, symbol, quantity: size.trim() };
    try {
      const answer = await placeOrder(client, order, idempotencyKey.current);
      setPlaced(answer);
      setSize("");
      idempotencyKey.current = randomKey();
      // The stream's trade message brings the notification; the banner below stays as the receipt.
      reloadAccount();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const preview = result?.ok ? result.preview : result?.preview;
  const sizeError = result && !result.ok && size.trim() !== "" ? result.message : undefined;
  return (
    <>
      <PageHeader title="Manual trade" />
      {account.error && !account.data ? (
        <ErrorState error={account.error} onRetry={account.reload} title="Could not load your account" />
      ) : (
        <div className="trade-layout">
          <Card title="Order">
            <form className="form" onSubmit={(event) => void submit(event)} noValidate aria-label="Market order">
              <div className="form-grid">
                <SelectField label="Symbol" value={symbol} onChange={(event) => setSymbol(event.target.value)} options={symbols.length > 0 ? symbols.map((entry) => ({ value: entry.symbol, label: `${entry.base_asset}/${entry.quote_asset}` })) : [{ value: symbol, label: symbol }]} />
                <Segmented
                  label="Side"
                  value={side}
                  onChange={(value) => {
                    setSide(value);
                    setKind(value === "buy" ? "quote" : "quantity");
                    setSize("");
                    setPlaced(null);
                  }}
                  options={[
                    { value: "buy", label: "▲ Buy", className: "option--buy" },
                    { value: "sell", label: "▼ Sell", className: "option--sell" },
                  ]}
                />
              </div>
              <Segmented
                label="Size by"
                value={kind}
                onChange={(value) => {
                  setKind(value);
                  setSize("");
                }}
                options={[
                  { value: "quote", label: `Amount (${quote})` },
                  { value: "quantity", label: `Quantity (${base || "base"})` },
                ]}
              />
              <TextField
                label={kind === "quote" ? (side === "buy" ? "Amount to spend, fee included" : "Amount to receive") : "Quantity"}
                name="size"
                inputMode="decimal"
                autoComplete="off"
                suffix={kind === "quote" ? quote : base}
                value={size}
                onChange={(event) => setSize(event.target.value)}
                error={sizeError}
                hint={side === "buy" ? `Available: ${formatUsd(cash)} ${quote}` : `Held: ${formatQuantity(held)} ${base}`}
              />
              <div className="button-row" role="group" aria-label="Quick size">
                {[25, 50, 100].map((share) => (
                  <Button key={share} size="sm" variant="ghost" onClick={() => fill(share)}>
                    {share === 100 ? "Max" : `${share} %`}
                  </Button>
                ))}
              </div>
              {stale && current && (
                <Banner tone="warning" title="Stale price">
                  The last price arrived {formatRelative(current.receivedAt, now)}; the server will refuse the order until fresh prices arrive.
                </Banner>
              )}
              <FormError error={error} />
              {error instanceof ApiError && error.reason && <p className="small subtle">Reason: {error.reason}</p>}
              <Button type="submit" variant={side === "buy" ? "buy" : "sell"} size="lg" loading={busy} disabled={!result?.ok || stale}>
                {side === "buy" ? `▲ Buy ${base}` : `▼ Sell ${base}`}
              </Button>
            </form>
          </Card>
          <div className="stack">
            <Card title="Preview">
              {account.loading || !info ? (
                <Loading label="Loading…" />
              ) : !current ? (
                <p className="muted">Waiting for a price…</p>
              ) : (
                <div className="stack">
                  <dl className="preview" aria-live="polite">
                    <dt>Market price</dt>
                    <dd>{formatPrice(current.price, info.tick_size)}</dd>
                    <dt>Expected fill (slippage {formatBps(rules.slippageBps)} %)</dt>
                    <dd>{preview ? formatPrice(preview.fillPrice, info.tick_size) : "—"}</dd>
                    <dt>Quantity (lot {formatQuantity(info.step_size)})</dt>
                    <dd>{preview ? `${formatQuantity(preview.quantity)} ${base}` : "—"}</dd>
                    <dt>Value</dt>
                    <dd>{preview ? formatUsd(preview.quoteAmount) : "—"}</dd>
                    <dt>Fee ({formatBps(rules.feeBps)} %)</dt>
                    <dd>{preview ? formatUsd(preview.fee) : "—"}</dd>
                    <dt className="preview__total">{side === "buy" ? "Cash out" : "Cash in"}</dt>
                    <dd className="preview__total">{preview ? formatUsd(preview.cashChange) : "—"}</dd>
                    <dt>Cash after</dt>
                    <dd>{preview ? formatUsd(preview.cashAfter) : formatUsd(cash)}</dd>
                    <dt>{base} after</dt>
                    <dd>{preview ? formatQuantity(preview.heldAfter) : formatQuantity(held)}</dd>
                  </dl>
                  {result && !result.ok && size.trim() !== "" && <Banner tone="warning">{result.message}</Banner>}
                  {configError !== null && configError !== undefined && (
                    <Banner
                      tone="warning"
                      title="Could not load the server's trading rules"
                      actions={
                        <Button size="sm" onClick={reloadConfig} loading={configLoading}>
                          Retry
                        </Button>
                      }
                    >
                      The preview uses the default fee and slippage, which may not be this server's.
                    </Banner>
                  )}
                  <p className="small subtle">An estimate at the current price: the fill is at the price when the order arrives.</p>
                </div>
              )}
            </Card>
            {placed && (
              <Banner tone="success" title="Order filled">
                {placed.transaction.side === "buy" ? "Bought" : "Sold"} {formatQuantity(placed.transaction.quantity)} {base} at {formatPrice(placed.transaction.price, info?.tick_size)} for {formatUsd(placed.transaction.quote_amount)} plus {formatUsd(placed.transaction.fee)} fee. Cash now {formatUsd(placed.cash)}.
              </Banner>
            )}
          </div>
        </div>
      )}
    </>
  );
}
