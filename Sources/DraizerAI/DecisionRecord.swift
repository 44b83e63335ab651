import DraizerCore

/// One decision and everything needed to audit it: which engine and model made it, the exact prompt and
/// answer, what it took (time, tokens, money, attempts), what went wrong, and what the guardrails did.
public struct DecisionRecord: Sendable, Hashable {
    /// The validated decision; a HOLD whenever `error` is set.
    public var decision: Decision
    public var engine: EngineKind
    /// The model asked, for the LLM engine.
    public var model: String?
    /// The messages sent, for the LLM engine.
    public var prompt: Prompt?
    /// The answer's `content` exactly as received (of the last attempt that returned one).
    public var rawAnswer: String?
    /// The chain of thought a thinking-mode model returned next to the answer, kept for the audit trail.
    public var reasoningContent: String?
    /// From the first request to the final answer, retries and back-off included.
    public var latency: Duration
    /// Summed over every attempt that reported usage: each one was billed.
    public var usage: TokenUsage
    /// What the attempts cost, from the configured price table; zero for the rules engine, nil when the
    /// model has no price in the table.
    public var cost: Money?
    /// Why the decision fell back to HOLD, if it did.
    public var error: DecisionError?
    /// Requests made (1 when the first answer was used); the rules engine always reports 1.
    public var attempts: Int
    /// What `RiskPolicy` made of the decision, once it has been checked.
    public var riskVerdict: RiskVerdict?

    public init(
        decision: Decision, engine: EngineKind, model: String? = nil, prompt: Prompt? = nil, rawAnswer: String? = nil,
        reasoningContent: String? = nil, latency: Duration, usage: TokenUsage = .zero, cost: Money?,
        error: DecisionError? = nil, attempts: Int, riskVerdict: RiskVerdict? = nil
    ) {
        self.decision = decision
        self.engine = engine
        self.model = model
        self.prompt = prompt
        self.rawAnswer = rawAnswer
        self.reasoningContent = reasoningContent
        self.latency = latency
        self.usage = usage
        self.cost = cost
        self.error = error
        self.attempts = attempts
        self.riskVerdict = riskVerdict
    }

    /// The record with `policy`'s verdict on its decision attached.
    public func checked(by policy: RiskPolicy, context: RiskContext) -> DecisionRecord {
        var record = self
        record.riskVerdict = policy.check(decision, context: context)
        return record
    }
}

/// The chat messages of one LLM request: the static instructions first, the market data last, so that
/// the provider's prefix cache serves the system message on every call.
public struct Prompt: Sendable, Hashable {
    public let system: String
    public let user: String

    public init(system: String, user: String) {
        self.system = system
        self.user = user
    }
}

/// Tokens as the provider counted them. `promptTokens == cacheHitTokens + cacheMissTokens`; completion
/// tokens include any chain of thought, billed at the output price.
public struct TokenUsage: Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    /// Prompt tokens served from the provider's context cache (DeepSeek `prompt_cache_hit_tokens`, OpenAI
    /// `prompt_tokens_details.cached_tokens`).
    public var cacheHitTokens: Int
    public var cacheMissTokens: Int
    /// The part of `completionTokens` spent thinking.
    public var reasoningTokens: Int

    public init(
        promptTokens: Int, completionTokens: Int, cacheHitTokens: Int, cacheMissTokens: Int, reasoningTokens: Int = 0
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cacheHitTokens = cacheHitTokens
        self.cacheMissTokens = cacheMissTokens
        self.reasoningTokens = reasoningTokens
    }

    public static let zero = TokenUsage(promptTokens: 0, completionTokens: 0, cacheHitTokens: 0, cacheMissTokens: 0)

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokens: lhs.promptTokens + rhs.promptTokens,
            completionTokens: lhs.completionTokens + rhs.completionTokens,
            cacheHitTokens: lhs.cacheHitTokens + rhs.cacheHitTokens,
            cacheMissTokens: lhs.cacheMissTokens + rhs.cacheMissTokens,
            reasoningTokens: lhs.reasoningTokens + rhs.reasoningTokens)
    }

    public static func += (lhs: inout TokenUsage, rhs: TokenUsage) { lhs = lhs + rhs }
}
