// The rules orders are executed by, as the server publishes them (GET /api/v1/trading/config), and what the
// pages take from them: the preview's fee and slippage, how old a price may be before orders are refused,
// and the symbols a bot can trade. The server's defaults stand in only until the config has loaded.

import type { SymbolInfo, TradingConfig } from "./api/types";
import type { Option } from "./components/Field";
import { MAX_PRICE_AGE_MS } from "./quote";
import { DEFAULT_FEE_BPS, DEFAULT_SLIPPAGE_BPS } from "./tradePreview";

export interface TradingRules {
  feeBps: number;
  slippageBps: number;
  maxPriceAgeMs: number;
  /** False while the defaults stand in for the server's published values. */
  published: boolean;
}

export const DEFAULT_TRADING_RULES: TradingRules = {
  feeBps: DEFAULT_FEE_BPS,
  slippageBps: DEFAULT_SLIPPAGE_BPS,
  maxPriceAgeMs: MAX_PRICE_AGE_MS,
  published: false,
};

/** Basis points as the API bounds them (whole, 0…1000); anything else keeps the default, never a broken preview. */
function bps(value: number, fallback: number): number {
  return Number.isInteger(value) && value >= 0 && value <= 1000 ? value : fallback;
}

export function tradingRules(config: TradingConfig | undefined): TradingRules {
  if (!config) return DEFAULT_TRADING_RULES;
  const seconds = config.max_price_age_seconds;
  return {
    feeBps: bps(config.fee_bps, DEFAULT_FEE_BPS),
    slippageBps: bps(config.slippage_bps, DEFAULT_SLIPPAGE_BPS),
    maxPriceAgeMs: Number.isInteger(seconds) && seconds >= 1 ? seconds * 1000 : MAX_PRICE_AGE_MS,
    published: true,
  };
}

function pairOf(symbol: string, symbols: readonly SymbolInfo[]): string {
  const info = symbols.find((entry) => entry.symbol === symbol);
  return info ? `${info.base_asset}/${info.quote_asset}` : symbol;
}

/**
 * The bot's symbol choices: the symbols with a live feed (`undefined` while they are not known, when only
 * the bot's current symbol is offered). A current symbol without a live feed stays visible, disabled, so
 * the field shows what the bot is set to rather than silently showing another symbol.
 */
export function botSymbolOptions(liveSymbols: readonly string[] | undefined, symbols: readonly SymbolInfo[], current: string): Option[] {
  if (liveSymbols === undefined) return [{ value: current, label: pairOf(current, symbols) }];
  const options: Option[] = liveSymbols.map((symbol) => ({ value: symbol, label: pairOf(symbol, symbols) }));
  if (current !== "" && !liveSymbols.includes(current)) options.unshift({ value: current, label: `${pairOf(current, symbols)} (no live feed)`, disabled: true });
  return options;
}
