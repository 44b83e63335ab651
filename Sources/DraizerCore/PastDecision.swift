/// One of the bot's earlier decisions and what came of it, fed back to the engine so it can learn from its
/// own record within a run.
public struct PastDecision: Sendable, Hashable {
    /// What happened after the decision.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// The decision was HOLD: nothing to execute.
        case held
        /// A guardrail or the venue refused the order; the reason is shown as recorded.
        case notExecuted(reason: String)
        /// Executed; the position it opened or added to is still open.
        case open(unrealizedPnL: Money)
        /// Executed, and the trade has been closed with this realized P&L (fees included).
        case closed(realizedPnL: Money)

        public var description: String {
            switch self {
            case .held: "no trade"
            case .notExecuted(let reason): "not executed (\(reason))"
            case .open(let pnl): "position open, unrealized P&L \(pnl.formatted(decimals: 2)) USD"
            case .closed(let pnl): "closed, realized P&L \(pnl.formatted(decimals: 2)) USD"
            }
        }
    }

    /// Milliseconds since the Unix epoch.
    public let decidedAt: Int64
    public let action: DecisionAction
    public let confidence: Int
    /// The amount actually ordered or, when nothing was executed, the amount suggested.
    public let amount: Money?
    /// The market price when the decision was made.
    public let price: Price
    public let outcome: Outcome

    public init(
        decidedAt: Int64, action: DecisionAction, confidence: Int, amount: Money?, price: Price, outcome: Outcome
    ) {
        self.decidedAt = decidedAt
        self.action = action
        self.confidence = confidence
        self.amount = amount
        self.price = price
        self.outcome = outcome
    }
}
