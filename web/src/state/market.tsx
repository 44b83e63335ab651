// What the market data is (real, simulated or replayed, from /ready) and which symbols can be traded.
// Loaded once per session and shared by every page; prices are never shown without saying their source.

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { readiness, symbols as loadSymbols } from "../api/market";
import type { Readiness, SymbolInfo } from "../api/types";
import { useClient } from "./auth";
import { useAsync } from "./useAsync";

interface MarketContextValue {
  readiness: Readiness | undefined;
  symbols: SymbolInfo[];
  symbolInfo: (symbol: string) => SymbolInfo | undefined;
  /** "simulated" or "replay" when prices are not the real market's. */
  synthetic: boolean;
  loading: boolean;
}

const MarketContext = createContext<MarketContextValue | null>(null);

export const DEFAULT_SYMBOL = "BTCUSDT";

export function MarketProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const ready = useAsync((_signal) => readiness(client), [client]);
  const list = useAsync((_signal) => loadSymbols(client), [client]);
  const value = useMemo<MarketContextValue>(() => {
    const symbols = list.data ?? [];
    const bySymbol = new Map(symbols.map((info) => [info.symbol, info]));
    const source = ready.data?.market_source ?? symbols[0]?.source;
    return {
      readiness: ready.data,
      symbols,
      symbolInfo: (symbol) => bySymbol.get(symbol),
      synthetic: source === "simulated" || source === "replay",
      loading: ready.loading || list.loading,
    };
  }, [ready.data, ready.loading, list.data, list.loading]);
  return <MarketContext.Provider value={value}>{children}</MarketContext.Provider>;
}

export function useMarket(): MarketContextValue {
  const value = useContext(MarketContext);
  if (!value) throw new Error("useMarket outside MarketProvider");
  return value;
}
