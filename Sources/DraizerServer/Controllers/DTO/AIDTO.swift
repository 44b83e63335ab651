import DraizerAI
import DraizerCore
import Foundation
import Vapor

/// `GET/PUT /api/v1/ai/bot`: the bot's settings and state.
struct BotResponse: Content, Equatable {
    struct Risk: Content, Equatable {
        let maxPositionPct: String
        let maxOrderUsd: String
        let minConfidence: Int
        let cooldownMinutes: Int
        let dailyLossLimitPct: String?
        let requireStopLoss: Bool
    }

    struct Notify: Content, Equatable {
        let trades: Bool
        let guardrails: Bool
        let pauses: Bool
    }

    struct Exit: Content, Equatable {
        let stopLoss: String?
        let takeProfit: String?
        let invalidation: String?
    }

    let status: String
    let pausedReason: String?
    let symbol: String
    let intervalMinutes: Int
    let engine: String
    let model: String?
    let llmAvailable: Bool
    let llmStatus: String?
    let risk: Risk
    let notify: Notify
    /// The stop-loss and take-profit watched on every tick for the position the bot holds.
    let exitPlan: Exit?
    let nextRunAt: Date?
    let lastRunAt: Date?
    let consecutiveFailures: Int
    let updatedAt: Date?

    init(_ bot: Bot, engines: BotEngines) {
        status = bot.status
        pausedReason = bot.pausedReason
        symbol = bot.symbol
        intervalMinutes = bot.intervalMinutes
        engine = bot.engine
        model = bot.engineKind == .llm ? engines.model : nil
        llmAvailable = engines.llm != nil
        llmStatus = engines.availability.map(\.description)
        risk = Risk(
            maxPositionPct: Self.percent(basisPoints: bot.maxPositionBasisPoints),
            maxOrderUsd: Money(units: bot.maxOrderUnits).description, minConfidence: bot.minConfidence,
            cooldownMinutes: bot.cooldownMinutes, dailyLossLimitPct: bot.dailyLossLimitBasisPoints.map { Self.percent(basisPoints: $0) },
            requireStopLoss: bot.requireStopLoss)
        notify = Notify(trades: bot.notifyTrades, guardrails: bot.notifyGuardrails, pauses: bot.notifyPauses)
        exitPlan = bot.exitPlan.map {
            Exit(stopLoss: $0.stopLoss?.description, takeProfit: $0.takeProfit?.description,
                 invalidation: $0.invalidation.isEmpty ? nil : $0.invalidation)
        }
        nextRunAt = bot.botStatus == .running ? bot.nextRun.map(Self.date) : nil
        lastRunAt = bot.lastRun.map(Self.date)
        consecutiveFailures = bot.consecutiveFailures
        updatedAt = bot.updatedAt
    }

    static func percent(basisPoints: Int) -> String {
        String(format: "%d.%02d", basisPoints / 100, basisPoints % 100)
    }

    static func date(_ epochMilliseconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(epochMilliseconds) / 1000) }
}

/// `PUT /api/v1/ai/bot`: any subset of the settings.
struct BotSettingsRequest: StrictContent {
    static let fields: Set<String> = ["symbol", "interval_minutes", "engine", "risk", "notify"]

    struct Risk: Decodable {
        static let fields: Set<String> = ["max_position_pct", "max_order_usd", "min_confidence", "cooldown_minutes",
                                          "daily_loss_limit_pct", "require_stop_loss"]
        let maxPositionPct: FlexibleDecimal?
        let maxOrderUsd: FlexibleDecimal?
        let minConfidence: Int?
        let cooldownMinutes: Int?
        /// Absent and JSON null both decode to nil here; the controller tells them apart (null removes the limit).
        let dailyLossLimitPct: FlexibleDecimal?
        let requireStopLoss: Bool?
    }

    struct Notify: Decodable {
        static let fields: Set<String> = ["trades", "guardrails", "pauses"]
        let trades: Bool?
        let guardrails: Bool?
        let pauses: Bool?
    }

    let symbol: String?
    let intervalMinutes: Int?
    let engine: String?
    let risk: Risk?
    let notify: Notify?
}

/// A decimal given as a JSON string (`"25.5"`) or number (`25.5`), kept as text so it is parsed exactly.
struct FlexibleDecimal: Decodable, Sendable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else if let int = try? container.decode(Int.self) {
            text = String(int)
        } else {
            let double = try container.decode(Double.self)
            guard double.isFinite else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a finite number")
            }
            text = String(format: "%.8f", double)
        }
    }
}

/// `POST /api/v1/ai/analyze`.
struct AnalyzeRequest: StrictContent {
    static let fields: Set<String> = ["symbol", "execute"]
    let symbol: String?
    let execute: Bool?
}

/// One guardrail's note on a decision.
struct GuardrailNoteResponse: Content, Equatable {
    let rule: String
    let message: String
}

struct DecisionErrorResponse: Content, Equatable {
    let code: String
    let message: String
}

/// A decision in the feed; `DecisionDetailResponse` adds what it was asked and answered.
struct DecisionResponse: Content, Equatable {
    let id: UUID
    let createdAt: Date?
    let symbol: String
    let trigger: String
    let action: String
    let confidence: Int
    let reasoning: String
    let suggestedAmount: String?
    let stopLoss: String?
    let takeProfit: String?
    let invalidation: String?
    let engine: String
    let model: String?
    let price: String?
    let source: String?
    let verdict: String
    let guardrailNotes: [GuardrailNoteResponse]
    let executed: Bool
    let transactionId: UUID?
    let error: DecisionErrorResponse?
    let latencyMs: Int
    let promptTokens: Int?
    let completionTokens: Int?
    let cachedTokens: Int?
    let costUsd: String?

    init(_ row: AIDecision) {
        id = row.id!
        createdAt = row.createdAt
        symbol = row.symbol
        trigger = row.trigger ?? "schedule"
        action = row.action
        confidence = row.confidence
        reasoning = row.reasoning
        suggestedAmount = row.suggestedAmountUnits.map { Money(units: $0).description }
        stopLoss = row.stopLossUnits.map { Money(units: $0).description }
        takeProfit = row.takeProfitUnits.map { Money(units: $0).description }
        invalidation = row.invalidation
        engine = row.engine
        model = row.model
        price = row.priceUnits.map { Money(units: $0).description }
        source = row.source
        verdict = row.verdict ?? "no_trade"
        guardrailNotes = row.guardrailNotes.flatMap { text in
            try? JSONDecoder().decode([GuardrailNoteResponse].self, from: Data(text.utf8))
        } ?? []
        executed = row.executed
        transactionId = row.$transaction.id
        error = row.error.map { DecisionErrorResponse(code: row.errorCode ?? "error", message: $0) }
        latencyMs = row.latencyMilliseconds
        promptTokens = row.promptTokens
        completionTokens = row.completionTokens
        cachedTokens = row.cachedTokens
        costUsd = row.costUnits.map { Money(units: $0).description }
    }
}

struct PromptResponse: Content, Equatable {
    let system: String
    let user: String
}

struct DecisionDetailResponse: Content {
    let decision: DecisionResponse
    let prompt: PromptResponse?
    let rawResponse: String?
    let reasoningContent: String?
    let marketSnapshot: [String: JSONValue]

    init(_ row: AIDecision) {
        decision = DecisionResponse(row)
        prompt = row.prompt.flatMap { try? JSONDecoder().decode(PromptResponse.self, from: Data($0.utf8)) }
        rawResponse = row.rawResponse
        reasoningContent = row.reasoningContent
        marketSnapshot = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(row.marketSnapshot.utf8))) ?? [:]
    }

    /// Flat: the decision's fields next to the detail ones, as the API documents.
    func encode(to encoder: any Encoder) throws {
        try decision.encode(to: encoder)
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encodeIfPresent(prompt, forKey: AnyKey("prompt"))
        try container.encodeIfPresent(rawResponse, forKey: AnyKey("raw_response"))
        try container.encodeIfPresent(reasoningContent, forKey: AnyKey("reasoning_content"))
        try container.encode(marketSnapshot, forKey: AnyKey("market_snapshot"))
    }

    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "response only"))
    }
}

/// A coding key made from any string.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Filters of `GET /api/v1/ai/decisions`.
struct DecisionFilters: Content {
    var page: Int?
    var perPage: Int?
    var action: String?
    var engine: String?
    var executed: Bool?
    var symbol: String?
    var trigger: String?
    var from: Date?
    var to: Date?

    enum CodingKeys: String, CodingKey {
        case page, action, engine, executed, symbol, trigger, from, to
        case perPage = "per_page"
    }
}

/// Any JSON value, for stored JSON passed through as it is.
enum JSONValue: Codable, Equatable, Sendable {
    case string(String), number(Double), bool(Bool), object([String: JSONValue]), array([JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
