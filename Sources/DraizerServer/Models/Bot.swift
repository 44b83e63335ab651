import DraizerCore
import Fluent
import Foundation

/// A user's AI trading bot: its settings, its schedule, and the exit plan of the position it holds.
///
/// Schedule times are epoch milliseconds (BIGINT) rather than timestamps, so the scheduler's claim can
/// compare them in plain SQL identically on SQLite and PostgreSQL.
// Unchecked Sendable: see `User`.
public final class Bot: Model, @unchecked Sendable {
    public static let schema = "bots"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "symbol") public var symbol: String
    @Field(key: "interval_minutes") public var intervalMinutes: Int
    /// `llm` or `rules`.
    @Field(key: "engine") public var engine: String
    /// `running`, `stopped` or `paused`.
    @Field(key: "status") public var status: String
    @OptionalField(key: "paused_reason") public var pausedReason: String?
    /// A pause that lifts by itself (the daily loss limit, until the next UTC day); nil for one the user lifts.
    @OptionalField(key: "paused_until_ms") public var pausedUntil: Int64?

    @Field(key: "max_position_bps") public var maxPositionBasisPoints: Int
    @Field(key: "max_order_usd") public var maxOrderUnits: Int64
    @Field(key: "min_confidence") public var minConfidence: Int
    @Field(key: "cooldown_minutes") public var cooldownMinutes: Int
    @OptionalField(key: "daily_loss_limit_bps") public var dailyLossLimitBasisPoints: Int?
    @Field(key: "require_stop_loss") public var requireStopLoss: Bool

    @Field(key: "notify_trades") public var notifyTrades: Bool
    @Field(key: "notify_guardrails") public var notifyGuardrails: Bool
    @Field(key: "notify_pauses") public var notifyPauses: Bool

    @OptionalField(key: "next_run_ms") public var nextRun: Int64?
    @OptionalField(key: "last_run_ms") public var lastRun: Int64?
    /// The instance working on the current cycle and until when its claim holds.
    @OptionalField(key: "claimed_by") public var claimedBy: String?
    @OptionalField(key: "claimed_until_ms") public var claimedUntil: Int64?
    @Field(key: "consecutive_failures") public var consecutiveFailures: Int
    @OptionalField(key: "last_trade_ms") public var lastTrade: Int64?
    /// The UTC day (`2026-11-24`) `day_start_equity` belongs to.
    @OptionalField(key: "day_start_date") public var dayStartDate: String?
    @OptionalField(key: "day_start_equity") public var dayStartEquityUnits: Int64?

    /// The exit plan of the bot's open position, watched on every price tick.
    @OptionalField(key: "exit_stop_loss") public var exitStopLossUnits: Int64?
    @OptionalField(key: "exit_take_profit") public var exitTakeProfitUnits: Int64?
    @OptionalField(key: "exit_invalidation") public var exitInvalidation: String?

    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    /// A stopped bot with the cautious default limits.
    init(userID: UUID, symbol: Symbol, intervalMinutes: Int, engine: String) {
        $user.id = userID
        self.symbol = symbol.rawValue
        self.intervalMinutes = intervalMinutes
        self.engine = engine
        status = BotStatus.stopped.rawValue
        let limits = RiskLimits.standard
        maxPositionBasisPoints = Int(limits.maxPositionShare.units / (Ratio.one.units / 10_000))
        maxOrderUnits = limits.maxOrderAmount.units
        minConfidence = limits.minConfidence
        cooldownMinutes = Int(limits.cooldownMilliseconds / 60_000)
        dailyLossLimitBasisPoints = limits.maxDailyLossShare.map { Int($0.units / (Ratio.one.units / 10_000)) }
        requireStopLoss = limits.requireStopLoss
        notifyTrades = false
        notifyGuardrails = false
        notifyPauses = true
        consecutiveFailures = 0
    }
}

/// Whether a bot runs. Paused is a stop the bot made itself (repeated failures, the daily loss limit).
enum BotStatus: String, Sendable, Codable, CaseIterable {
    case running, stopped, paused
}
