/// One trading decision for one symbol, whoever made it (the LLM, the rules engine, a backtest): what to
/// do, how sure, why, how much, and how the position should end.
///
/// Valid by construction; an engine's raw output is validated before one is built, and anything that does
/// not fit becomes `Decision.hold` rather than a trade.
public struct Decision: Sendable, Hashable {
    public let action: DecisionAction
    /// 0 to 100. `RiskPolicy` refuses to act below its minimum.
    public let confidence: Int
    /// The engine's explanation, shown to the user as given.
    public let reasoning: String
    /// Suggested order size in the quote currency (USD/USDT). For a BUY the cash to spend; for a SELL how
    /// much of the position to sell, nil meaning all of it. `RiskPolicy` may reduce it.
    public let amount: Money?
    public let exitPlan: ExitPlan

    public static let confidenceRange = 0...100

    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        case confidenceOutOfRange(Int)
        case negativeAmount(Money)

        public var description: String {
            switch self {
            case .confidenceOutOfRange(let value): "confidence \(value) is outside 0...100"
            case .negativeAmount(let amount): "amount \(amount) must not be negative"
            }
        }
    }

    public init(
        action: DecisionAction, confidence: Int, reasoning: String, amount: Money? = nil, exitPlan: ExitPlan = .none
    ) throws(Invalid) {
        guard Self.confidenceRange.contains(confidence) else { throw .confidenceOutOfRange(confidence) }
        if let amount, amount.isNegative { throw .negativeAmount(amount) }
        self.action = action
        self.confidence = confidence
        self.reasoning = reasoning
        self.amount = amount
        self.exitPlan = exitPlan
    }

    /// Do nothing, with zero confidence: the safe outcome of every failure.
    public static func hold(reasoning: String) -> Decision {
        try! Decision(action: .hold, confidence: 0, reasoning: reasoning)
    }
}
