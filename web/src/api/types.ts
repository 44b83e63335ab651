// The server's JSON, mirrored. Source of truth: Sources/DraizerServer/Controllers (DTO/*.swift and the
// response structs inside the controllers) and docs/ai-api-contract.md. test/dtoShapes.test.ts pins every
// type here against real responses in test/fixtures, so the two cannot drift apart silently.
//
// Conventions: snake_case keys; exact decimals as strings (never parsed into floats for arithmetic, see
// decimal.ts); dates as ISO-8601 strings; the server leaves out a field whose value is nil, so a field the
// server may not know is optional (`?`), and `| null` where the contract says it may also be sent as null.

/** An exact decimal number as the server writes it: `"834.65158753"`, `"1000"`, `"-0.10228122"`. */
export type Decimal = string;
/** ISO-8601 date-time, UTC (`"2026-11-24T23:00:41Z"`). */
export type IsoDate = string;
/** Milliseconds since the Unix epoch. */
export type EpochMs = number;
export type Uuid = string;

// MARK: - Accounts

export interface User {
  id: Uuid;
  email: string;
  username: string;
  full_name?: string;
  is_verified: boolean;
  mfa_enabled: boolean;
  created_at?: IsoDate;
  last_login_at?: IsoDate;
}

/** Register, login without 2FA, 2FA verify and refresh all answer this (and set the two cookies). */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  csrf_token: string;
  /** True until the user enables 2FA on a server that requires it: only enrolment routes work then. */
  mfa_setup_required: boolean;
  user: User;
}

/** Login of an account with 2FA: the second step needs this token (valid five minutes). */
export interface MfaChallengeResponse {
  mfa_required: true;
  mfa_token: string;
  expires_in: number;
}

export type LoginResponse = TokenResponse | MfaChallengeResponse;

export interface MfaSetupResponse {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
  qr_data_uri: string;
}

export interface RecoveryCodesResponse {
  mfa_enabled: boolean;
  recovery_codes: string[];
}

export interface AccessTokenOnly {
  access_token: string;
  token_type: string;
  expires_in: number;
}

export interface Session {
  id: Uuid;
  created_at?: IsoDate;
  last_used_at?: IsoDate;
  ip_address?: string;
  user_agent?: string;
  mfa_verified: boolean;
  current: boolean;
}

export interface SecurityEvent {
  id: Uuid;
  event_type: string;
  severity: string;
  ip_address?: string;
  user_agent?: string;
  details?: Record<string, string>;
  created_at?: IsoDate;
}

export interface Page<Item> {
  items: Item[];
  page: number;
  per_page: number;
  total: number;
}

export interface ExchangeKeys {
  exchange: string;
  configured: boolean;
  key_hint?: string;
  updated_at?: IsoDate;
}

export type VenueName = "paper" | "binance_testnet";

export interface Venue {
  venue: string;
  available: string[];
}

// MARK: - Health

export type MarketSourceKind = "binance" | "simulated" | "replay";

export interface Readiness {
  status: string;
  database: string;
  market_source?: string;
  market_source_name?: string;
}

// MARK: - Market

export interface SymbolInfo {
  symbol: string;
  base_asset: string;
  quote_asset: string;
  tick_size: Decimal;
  step_size: Decimal;
  min_quantity: Decimal;
  max_quantity: Decimal;
  min_notional?: Decimal;
  source: string;
}

export interface PriceResponse {
  symbol: string;
  price: Decimal;
  /** When the server received it, epoch ms: what freshness is judged by. */
  observed_at: EpochMs;
  source_time: EpochMs;
  age_ms: number;
  stale: boolean;
  source: string;
}

export interface Ticker {
  symbol: string;
  last_price: Decimal;
  price_change: Decimal;
  /** Already a percentage: `"-0.398036"` is −0.40 %. */
  price_change_percent: Decimal;
  high_price: Decimal;
  low_price: Decimal;
  volume: Decimal;
  quote_volume: Decimal;
  open_time: EpochMs;
  close_time: EpochMs;
  source: string;
}

export const CANDLE_INTERVALS = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

export interface Candle {
  open_time: EpochMs;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
}

export interface CandlesResponse {
  symbol: string;
  interval: string;
  source: string;
  candles: Candle[];
}

// MARK: - Portfolio and trading

/**
 * GET /api/v1/trading/config (public): the rules this server executes orders by, so a client previews a
 * fill as the server makes it. Every field is always present.
 */
export interface TradingConfig {
  /** Taker fee on every fill, in basis points of its quote amount (0…1000). */
  fee_bps: number;
  /** Paper fills are this far from the reference price, against the user, in basis points (0…1000). */
  slippage_bps: number;
  /** Orders refuse a price observed longer ago than this (`stale_price`). */
  max_price_age_seconds: number;
  /** A new portfolio's cash. */
  initial_balance: Decimal;
  /** Symbols with a live feed: the ones a bot can trade. */
  live_symbols: string[];
  market_source: MarketSourceKind;
}

export type OrderSide = "buy" | "sell";

export interface Position {
  symbol: string;
  quantity: Decimal;
  average_entry_price: Decimal;
  cost_basis: Decimal;
  realized_pnl: Decimal;
  current_price?: Decimal;
  market_value?: Decimal;
  unrealized_pnl?: Decimal;
}

export interface Portfolio {
  cash: Decimal;
  initial_balance: Decimal;
  /** Absent while a held symbol has no price (see `unpriced_symbols`). */
  equity?: Decimal;
  positions_value?: Decimal;
  total_pnl?: Decimal;
  realized_pnl: Decimal;
  unrealized_pnl?: Decimal;
  fees_paid: Decimal;
  run_number: number;
  run_started_at: IsoDate;
  unpriced_symbols: string[];
  positions: Position[];
}

export interface PortfolioStats {
  total_trades: number;
  winning_trades: number;
  losing_trades: number;
  /** A ratio (0…1), absent before the first closed trade. */
  win_rate?: Decimal;
  realized_pnl: Decimal;
  unrealized_pnl?: Decimal;
  fees_paid: Decimal;
  equity?: Decimal;
  /** Ratios (0.05 is 5 %). */
  max_drawdown?: Decimal;
  return_since_start?: Decimal;
}

export interface EquityPoint {
  time: IsoDate;
  equity: Decimal;
  cash: Decimal;
  reason: string;
}

export interface Transaction {
  id: Uuid;
  symbol: string;
  side: OrderSide;
  quantity: Decimal;
  price: Decimal;
  quote_amount: Decimal;
  fee: Decimal;
  fee_asset: string;
  realized_pnl?: Decimal;
  venue: string;
  /** `manual`, or the bot's source (e.g. `ai`). */
  source: string;
  run_number: number;
  created_at?: IsoDate;
}

export interface PlaceOrderRequest {
  side: OrderSide;
  symbol: string;
  quote_amount?: Decimal;
  quantity?: Decimal;
}

export interface PlacedOrder {
  transaction: Transaction;
  cash: Decimal;
  position: Position;
}

export interface TransactionQuery {
  page?: number;
  per_page?: number;
  side?: OrderSide;
  symbol?: string;
  from?: IsoDate;
  to?: IsoDate;
}

// MARK: - AI bot (docs/ai-api-contract.md)

export type BotStatus = "running" | "stopped" | "paused";
export type EngineName = "llm" | "rules";

export interface BotRisk {
  max_position_pct: Decimal;
  max_order_usd: Decimal;
  min_confidence: number;
  cooldown_minutes: number;
  daily_loss_limit_pct?: Decimal | null;
  require_stop_loss: boolean;
}

export interface BotNotify {
  trades: boolean;
  guardrails: boolean;
  pauses: boolean;
}

/** The stop-loss and take-profit the server watches on every tick for the position the bot holds. */
export interface BotExitPlan {
  stop_loss?: Decimal | null;
  take_profit?: Decimal | null;
  invalidation?: string | null;
}

export interface BotSettings {
  status: BotStatus;
  paused_reason?: string | null;
  symbol: string;
  interval_minutes: number;
  engine: EngineName;
  model?: string | null;
  llm_available: boolean;
  /** Why the LLM is or is not usable, in words, when the server knows. */
  llm_status?: string | null;
  risk: BotRisk;
  notify: BotNotify;
  exit_plan?: BotExitPlan | null;
  next_run_at?: IsoDate | null;
  last_run_at?: IsoDate | null;
  consecutive_failures: number;
  updated_at?: IsoDate | null;
}

/** PUT /ai/bot: any subset. */
export interface BotSettingsUpdate {
  symbol?: string;
  interval_minutes?: number;
  engine?: EngineName;
  risk?: Partial<BotRisk>;
  notify?: Partial<BotNotify>;
}

export type DecisionAction = "BUY" | "SELL" | "HOLD";
export type DecisionTrigger = "schedule" | "manual" | "stop_loss" | "take_profit";
export type DecisionVerdict = "no_trade" | "allow" | "adjust" | "block";

export interface GuardrailNote {
  rule: string;
  message: string;
}

export interface DecisionError {
  code: string;
  message: string;
}

export interface Decision {
  id: Uuid;
  created_at?: IsoDate;
  symbol: string;
  trigger: DecisionTrigger;
  action: DecisionAction;
  confidence: number;
  reasoning: string;
  suggested_amount?: Decimal | null;
  stop_loss?: Decimal | null;
  take_profit?: Decimal | null;
  invalidation?: string | null;
  engine: EngineName;
  model?: string | null;
  price?: Decimal | null;
  /** The market source the decision saw (`binance`, `simulated`, `replay`). */
  source?: string | null;
  verdict: DecisionVerdict;
  guardrail_notes: GuardrailNote[];
  executed: boolean;
  transaction_id?: Uuid | null;
  error?: DecisionError | null;
  latency_ms?: number | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  cached_tokens?: number | null;
  cost_usd?: Decimal | null;
}

export interface DecisionPrompt {
  system: string;
  user: string;
}

export interface DecisionDetail extends Decision {
  prompt?: DecisionPrompt | null;
  raw_response?: string | null;
  reasoning_content?: string | null;
  market_snapshot?: Record<string, unknown> | null;
}

export interface DecisionQuery {
  page?: number;
  per_page?: number;
  trigger?: DecisionTrigger;
  action?: DecisionAction;
  engine?: EngineName;
  executed?: boolean;
  symbol?: string;
  from?: IsoDate;
  to?: IsoDate;
}

export interface AnalyzeRequest {
  symbol?: string;
  execute: boolean;
}

// MARK: - Stream (/api/v1/stream)

export interface StreamTicket {
  ticket: string;
  expires_in: number;
}

export interface StreamPrice {
  type: "price";
  symbol: string;
  price: Decimal;
  source_time: EpochMs;
  source: string;
}

export interface StreamCandle {
  type: "candle";
  symbol: string;
  interval: string;
  open_time: EpochMs;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  closed: boolean;
}

export interface StreamTrade {
  type: "trade";
  id: Uuid;
  symbol: string;
  side: OrderSide;
  quantity: Decimal;
  price: Decimal;
  fee: Decimal;
  venue: string;
  source: string;
  cash: Decimal;
}

export interface StreamSubscribed {
  type: "subscribed";
  symbols: string[];
}

export interface StreamError {
  type: "error";
  detail: string;
}

export type StreamDecision = { type: "decision" } & Decision;
export type StreamBot = { type: "bot" } & BotSettings;

export interface StreamPortfolio {
  type: "portfolio";
  cash: Decimal;
  equity?: Decimal | null;
}

export type StreamMessage =
  | StreamPrice
  | StreamCandle
  | StreamTrade
  | StreamSubscribed
  | StreamError
  | StreamDecision
  | StreamBot
  | StreamPortfolio;

export type StreamMessageType = StreamMessage["type"];
