// What the market data is (real, simulated or replayed, from /ready), which symbols can be traded, and the
// rules orders are executed by (/api/v1/trading/config: fee, slippage, price age limit, live symbols).
// Loaded once per session and shared by every page; prices are never shown without saying their source.

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { readiness, symbols as loadSymbols, tradingConfig as loadTradingConfig } from "../api/market";
import type { Readiness, SymbolInfo, TradingConfig } from "../api/types";
import { tradingRules, type TradingRules } from "../tradingRules";
import { useClient } from "./auth";
import { useAsync } from "./useAsync";

interface MarketContextValue {
  readiness: Readiness | undefined;
  symbols: SymbolInfo[];
  symbolInfo: (symbol: string) => SymbolInfo | undefined;
  /** "simulated" or "replay" when prices are not the real market's. */
  synthetic: boolean;
  loading: boolean;
  /** The server's trading config, once loaded. */
  tradingConfig: TradingConfig | undefined;
  /** Fee, slippage and price age limit: the config's, or the server's defaults until it has loaded. */
  rules: TradingRules;
  /** True while the config is being loaded (a retry after an error included) and none has arrived. */
  configLoading: boolean;
  /** Why the config could not be loaded (null when it could, or while it loads). */
  configError: unknown;
  reloadConfig: () => void;
}

const MarketContext = createContext<MarketContextValue | null>(null);

export const DEFAULT_SYMBOL = "BTCUSDT";

export function MarketProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const ready = useAsync((_signal) => readiness(client), [client]);
  const list = useAsync((_signal) => loadSymbols(client), [client]);
  const config = useAsync((_signal) => loadTradingConfig(client), [client]);
  const value = useMemo<MarketContextValue>(() => {
    const symbols = list.data ?? [];
    const bySymbol = new Map(symbols.map((info) => [info.symbol, info]));
    const source = ready.data?.market_source ?? config.data?.market_source ?? symbols[0]?.source;
    return {
      readiness: ready.data,
      symbols,
      symbolInfo: (symbol) => bySymbol.get(symbol),
      synthetic: source === "simulated" || source === "replay",
      loading: ready.loading || list.loading,
      tradingConfig: config.data,
      rules: tradingRules(config.data),
      configLoading: config.busy && config.data === undefined,
      configError: config.data ? null : config.error,
      reloadConfig: config.reload,
    };
  }, [ready.data, ready.loading, list.data, list.loading, config.data, config.busy, config.error, config.reload]);
  return <MarketContext.Provider value={value}>{children}</MarketContext.Provider>;
}

export function useMarket(): MarketContextValue {
  const value = useContext(MarketContext);
  if (!value) throw new Error("useMarket outside MarketProvider");
  return value;
}
