/// A guardrail of `RiskPolicy`, named so a user can see which one changed or stopped an order. The raw
/// values are stable identifiers for APIs and storage.
public enum RiskRule: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case minConfidence = "min_confidence"
    case cooldown
    case dailyLossLimit = "daily_loss_limit"
    /// A buy without the stop-loss the limits require, or with exit prices on the wrong side of the price.
    case exitPlan = "exit_plan"
    /// The decision gave no usable amount.
    case orderAmount = "order_amount"
    case maxOrderAmount = "max_order_amount"
    case maxPositionShare = "max_position_share"
    case cash
    /// A sell with nothing held, or of more than is held.
    case position
    case stopLoss = "stop_loss"
    case takeProfit = "take_profit"

    public var description: String { rawValue }
}

/// What a guardrail did and why, in words meant for the user.
public struct RiskNote: Sendable, Hashable, CustomStringConvertible {
    public let rule: RiskRule
    public let message: String

    public init(_ rule: RiskRule, _ message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(rule): \(message)" }
}

/// `RiskPolicy`'s answer to a decision: an explicit outcome rather than a thrown error (nautilus_trader's
/// `check_order` / `deny_order`), stored with the decision so the user sees what the guardrails did.
public enum RiskVerdict: Sendable, Hashable {
    /// The decision was HOLD: there is nothing to execute.
    case noTrade
    /// Execute the order the decision asked for, unchanged.
    case allow(OrderRequest)
    /// Execute a changed order; the notes say which guardrails changed it and how.
    case adjust(OrderRequest, notes: [RiskNote])
    /// Execute nothing; the note says which guardrail stopped it.
    case block(RiskNote)

    /// The order to execute, if any.
    public var order: OrderRequest? {
        switch self {
        case .allow(let order), .adjust(let order, _): order
        case .noTrade, .block: nil
        }
    }

    /// Every note the guardrails left, empty when the order passed unchanged.
    public var notes: [RiskNote] {
        switch self {
        case .adjust(_, let notes): notes
        case .block(let note): [note]
        case .noTrade, .allow: []
        }
    }
}
