// The JSON shape of every DTO in src/api/types.ts. Each constant is typed `Spec<TheType>`: the compiler
// rejects a description that misses a field of the interface, names one it does not have, or gives it an
// incompatible kind (an optional field described as required, a number as a string…).

import type {
  AccessTokenOnly,
  BotSettings,
  Candle,
  CandlesResponse,
  Decision,
  DecisionDetail,
  EquityPoint,
  ExchangeKeys,
  MfaChallengeResponse,
  MfaSetupResponse,
  Page,
  PlacedOrder,
  Portfolio,
  PortfolioStats,
  Position,
  PriceResponse,
  Readiness,
  RecoveryCodesResponse,
  SecurityEvent,
  Session,
  StreamBot,
  StreamCandle,
  StreamDecision,
  StreamError,
  StreamPrice,
  StreamSubscribed,
  StreamTicket,
  StreamTrade,
  SymbolInfo,
  Ticker,
  TokenResponse,
  TradingConfig,
  Transaction,
  User,
  Venue,
} from "../src/api/types";
import type { Problem } from "../src/api/problem";
import type { Spec } from "./shape";

export const user: Spec<User> = {
  fields: {
    id: "uuid",
    email: "string",
    username: "string",
    full_name: { optional: "string" },
    is_verified: "bool",
    mfa_enabled: "bool",
    created_at: { optional: "datetime" },
    last_login_at: { optional: "datetime" },
  },
};

export const tokenResponse: Spec<TokenResponse> = {
  fields: { access_token: "string", token_type: "string", expires_in: "int", csrf_token: "string", mfa_setup_required: "bool", user },
};

export const mfaChallenge: Spec<MfaChallengeResponse> = { fields: { mfa_required: "bool", mfa_token: "string", expires_in: "int" } };
export const mfaSetup: Spec<MfaSetupResponse> = { fields: { secret: "string", otpauth_uri: "string", qr_svg: "string", qr_data_uri: "string" } };
export const recoveryCodes: Spec<RecoveryCodesResponse> = { fields: { mfa_enabled: "bool", recovery_codes: { array: "string" } } };
export const accessTokenOnly: Spec<AccessTokenOnly> = { fields: { access_token: "string", token_type: "string", expires_in: "int" } };

export const session: Spec<Session> = {
  fields: {
    id: "uuid",
    created_at: { optional: "datetime" },
    last_used_at: { optional: "datetime" },
    ip_address: { optional: "string" },
    user_agent: { optional: "string" },
    mfa_verified: "bool",
    current: "bool",
  },
};

export const securityEvent: Spec<SecurityEvent> = {
  fields: {
    id: "uuid",
    event_type: "string",
    severity: "string",
    ip_address: { optional: "string" },
    user_agent: { optional: "string" },
    details: { optional: { record: "string" } },
    created_at: { optional: "datetime" },
  },
};

export function page<Item>(item: Spec<Item>): Spec<Page<Item>> {
  return { fields: { items: { array: item }, page: "int", per_page: "int", total: "int" } } as Spec<Page<Item>>;
}

export const exchangeKeys: Spec<ExchangeKeys> = {
  fields: { exchange: "string", configured: "bool", key_hint: { optional: "string" }, updated_at: { optional: "datetime" } },
};
export const venue: Spec<Venue> = { fields: { venue: "string", available: { array: "string" } } };

export const readiness: Spec<Readiness> = {
  fields: { status: "string", database: "string", market_source: { optional: "string" }, market_source_name: { optional: "string" } },
};

export const symbolInfo: Spec<SymbolInfo> = {
  fields: {
    symbol: "string",
    base_asset: "string",
    quote_asset: "string",
    tick_size: "decimal",
    step_size: "decimal",
    min_quantity: "decimal",
    max_quantity: "decimal",
    min_notional: { optional: "decimal" },
    source: "string",
  },
};

export const price: Spec<PriceResponse> = {
  fields: { symbol: "string", price: "decimal", observed_at: "epochMs", source_time: "epochMs", age_ms: "int", stale: "bool", source: "string" },
};

export const ticker: Spec<Ticker> = {
  fields: {
    symbol: "string",
    last_price: "decimal",
    price_change: "decimal",
    price_change_percent: "decimal",
    high_price: "decimal",
    low_price: "decimal",
    volume: "decimal",
    quote_volume: "decimal",
    open_time: "epochMs",
    close_time: "epochMs",
    source: "string",
  },
};

export const candle: Spec<Candle> = { fields: { open_time: "epochMs", open: "decimal", high: "decimal", low: "decimal", close: "decimal", volume: "decimal" } };
export const candles: Spec<CandlesResponse> = { fields: { symbol: "string", interval: "string", source: "string", candles: { array: candle } } };

export const position: Spec<Position> = {
  fields: {
    symbol: "string",
    quantity: "decimal",
    average_entry_price: "decimal",
    cost_basis: "decimal",
    realized_pnl: "decimal",
    current_price: { optional: "decimal" },
    market_value: { optional: "decimal" },
    unrealized_pnl: { optional: "decimal" },
  },
};

export const portfolio: Spec<Portfolio> = {
  fields: {
    cash: "decimal",
    initial_balance: "decimal",
    equity: { optional: "decimal" },
    positions_value: { optional: "decimal" },
    total_pnl: { optional: "decimal" },
    realized_pnl: "decimal",
    unrealized_pnl: { optional: "decimal" },
    fees_paid: "decimal",
    run_number: "int",
    run_started_at: "datetime",
    unpriced_symbols: { array: "string" },
    positions: { array: position },
  },
};

export const stats: Spec<PortfolioStats> = {
  fields: {
    total_trades: "int",
    winning_trades: "int",
    losing_trades: "int",
    win_rate: { optional: "decimal" },
    realized_pnl: "decimal",
    unrealized_pnl: { optional: "decimal" },
    fees_paid: "decimal",
    equity: { optional: "decimal" },
    max_drawdown: { optional: "decimal" },
    return_since_start: { optional: "decimal" },
  },
};

export const equityPoint: Spec<EquityPoint> = { fields: { time: "datetime", equity: "decimal", cash: "decimal", reason: "string" } };

export const transaction: Spec<Transaction> = {
  fields: {
    id: "uuid",
    symbol: "string",
    side: { oneOf: ["buy", "sell"] },
    quantity: "decimal",
    price: "decimal",
    quote_amount: "decimal",
    fee: "decimal",
    fee_asset: "string",
    realized_pnl: { optional: "decimal" },
    venue: "string",
    source: "string",
    run_number: "int",
    created_at: { optional: "datetime" },
  },
};

export const tradingConfig: Spec<TradingConfig> = {
  fields: {
    fee_bps: "int",
    slippage_bps: "int",
    max_price_age_seconds: "int",
    initial_balance: "decimal",
    live_symbols: { array: "string" },
    market_source: { oneOf: ["binance", "simulated", "replay"] },
  },
};

export const placedOrder: Spec<PlacedOrder> = { fields: { transaction, cash: "decimal", position } };

export const botSettings: Spec<BotSettings> = {
  fields: {
    status: { oneOf: ["running", "stopped", "paused"] },
    paused_reason: { optional: "string" },
    symbol: "string",
    interval_minutes: "int",
    engine: { oneOf: ["llm", "rules"] },
    model: { optional: "string" },
    llm_available: "bool",
    llm_status: { optional: "string" },
    risk: {
      fields: {
        max_position_pct: "decimal",
        max_order_usd: "decimal",
        min_confidence: "int",
        cooldown_minutes: "int",
        daily_loss_limit_pct: { optional: "decimal" },
        require_stop_loss: "bool",
      },
    },
    notify: { fields: { trades: "bool", guardrails: "bool", pauses: "bool" } },
    exit_plan: { optional: { fields: { stop_loss: { optional: "decimal" }, take_profit: { optional: "decimal" }, invalidation: { optional: "string" } } } },
    next_run_at: { optional: "datetime" },
    last_run_at: { optional: "datetime" },
    consecutive_failures: "int",
    updated_at: { optional: "datetime" },
  },
};

const decisionFields: Spec<Decision> = {
  fields: {
    id: "uuid",
    created_at: { optional: "datetime" },
    symbol: "string",
    trigger: { oneOf: ["schedule", "manual", "stop_loss", "take_profit"] },
    action: { oneOf: ["BUY", "SELL", "HOLD"] },
    confidence: "int",
    reasoning: "string",
    suggested_amount: { optional: "decimal" },
    stop_loss: { optional: "decimal" },
    take_profit: { optional: "decimal" },
    invalidation: { optional: "string" },
    engine: { oneOf: ["llm", "rules"] },
    model: { optional: "string" },
    price: { optional: "decimal" },
    source: { optional: "string" },
    verdict: { oneOf: ["no_trade", "allow", "adjust", "block"] },
    guardrail_notes: { array: { fields: { rule: "string", message: "string" } } },
    executed: "bool",
    transaction_id: { optional: "uuid" },
    error: { optional: { fields: { code: "string", message: "string" } } },
    latency_ms: { optional: "int" },
    prompt_tokens: { optional: "int" },
    completion_tokens: { optional: "int" },
    cached_tokens: { optional: "int" },
    cost_usd: { optional: "decimal" },
  },
};
export const decision = decisionFields;

export const decisionDetail: Spec<DecisionDetail> = {
  fields: {
    ...decisionFields.fields,
    prompt: { optional: { fields: { system: "string", user: "string" } } },
    raw_response: { optional: "string" },
    reasoning_content: { optional: "string" },
    market_snapshot: { optional: "json" },
  },
};

export const streamBot: Spec<StreamBot> = { fields: { ...botSettings.fields, type: { oneOf: ["bot"] } } };
export const streamDecision: Spec<StreamDecision> = { fields: { ...decisionFields.fields, type: { oneOf: ["decision"] } } };

export const streamTicket: Spec<StreamTicket> = { fields: { ticket: "string", expires_in: "int" } };
export const streamPrice: Spec<StreamPrice> = { fields: { type: { oneOf: ["price"] }, symbol: "string", price: "decimal", source_time: "epochMs", source: "string" } };
export const streamCandle: Spec<StreamCandle> = {
  fields: {
    type: { oneOf: ["candle"] },
    symbol: "string",
    interval: "string",
    open_time: "epochMs",
    open: "decimal",
    high: "decimal",
    low: "decimal",
    close: "decimal",
    volume: "decimal",
    closed: "bool",
  },
};
export const streamTrade: Spec<StreamTrade> = {
  fields: {
    type: { oneOf: ["trade"] },
    id: "uuid",
    symbol: "string",
    side: { oneOf: ["buy", "sell"] },
    quantity: "decimal",
    price: "decimal",
    fee: "decimal",
    venue: "string",
    source: "string",
    cash: "decimal",
  },
};
export const streamSubscribed: Spec<StreamSubscribed> = { fields: { type: { oneOf: ["subscribed"] }, symbols: { array: "string" } } };
export const streamError: Spec<StreamError> = { fields: { type: { oneOf: ["error"] }, detail: "string" } };

export const problem: Spec<Problem> = {
  fields: {
    type: "string",
    title: "string",
    status: "int",
    detail: { optional: "string" },
    instance: { optional: "string" },
    request_id: { optional: "uuid" },
    invalid_params: { optional: { array: { fields: { name: "string", reason: "string" } } } },
    reason: { optional: "string" },
  },
};
