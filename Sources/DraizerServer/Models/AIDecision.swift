import Fluent
import Foundation

/// Everything one decision of the bot saw and said, kept so that any trade can be audited afterwards.
// Unchecked Sendable: see `User`.
public final class AIDecision: Model, @unchecked Sendable {
    public static let schema = "ai_decisions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "symbol") public var symbol: String
    /// `BUY`, `SELL` or `HOLD`.
    @Field(key: "action") public var action: String
    @Field(key: "confidence") public var confidence: Int
    @Field(key: "reasoning") public var reasoning: String
    @OptionalField(key: "suggested_amount_usd") public var suggestedAmountUnits: Int64?
    @OptionalField(key: "stop_loss") public var stopLossUnits: Int64?
    @OptionalField(key: "take_profit") public var takeProfitUnits: Int64?
    @OptionalField(key: "invalidation") public var invalidation: String?
    /// `llm` or `rules`.
    @Field(key: "engine") public var engine: String
    @OptionalField(key: "model") public var model: String?
    @OptionalField(key: "prompt") public var prompt: String?
    @OptionalField(key: "raw_response") public var rawResponse: String?
    /// JSON of the market snapshot the engine was given.
    @Field(key: "market_snapshot") public var marketSnapshot: String
    @OptionalField(key: "guardrail_notes") public var guardrailNotes: String?
    @Field(key: "latency_ms") public var latencyMilliseconds: Int
    @OptionalField(key: "prompt_tokens") public var promptTokens: Int?
    @OptionalField(key: "completion_tokens") public var completionTokens: Int?
    @OptionalField(key: "cached_tokens") public var cachedTokens: Int?
    @OptionalField(key: "cost_usd") public var costUnits: Int64?
    @Field(key: "executed") public var executed: Bool
    @OptionalParent(key: "transaction_id") public var transaction: PortfolioTransaction?
    @OptionalField(key: "error") public var error: String?
    /// `schedule`, `manual`, `stop_loss` or `take_profit`.
    @OptionalField(key: "trigger") public var trigger: String?
    /// The market price the decision was made on.
    @OptionalField(key: "price") public var priceUnits: Int64?
    /// `binance`, `simulated` or `replay`.
    @OptionalField(key: "source") public var source: String?
    /// `no_trade`, `allow`, `adjust` or `block`.
    @OptionalField(key: "verdict") public var verdict: String?
    @OptionalField(key: "error_code") public var errorCode: String?
    @OptionalField(key: "reasoning_content") public var reasoningContent: String?
    @OptionalField(key: "attempts") public var attempts: Int?
    /// The scheduled cycle (its due time, epoch ms) this decision is the one record of.
    @OptionalField(key: "cycle_ms") public var cycle: Int64?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
