/// A stop-loss or take-profit that the latest price has reached, with the order that closes the position.
public struct ExitTrigger: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable, Codable, CustomStringConvertible {
        case stopLoss = "stop_loss"
        case takeProfit = "take_profit"

        public var description: String { rawValue }
    }

    public let reason: Reason
    /// The level from the exit plan that was reached.
    public let level: Price
    /// The price that reached it.
    public let price: Price
    /// Sells the whole position.
    public let order: OrderRequest

    public init(reason: Reason, level: Price, price: Price, order: OrderRequest) {
        self.reason = reason
        self.level = level
        self.price = price
        self.order = order
    }

    /// The note stored with the resulting trade.
    public var note: RiskNote {
        switch reason {
        case .stopLoss: RiskNote(.stopLoss, "price \(price) reached the stop-loss at \(level): selling the position")
        case .takeProfit:
            RiskNote(.takeProfit, "price \(price) reached the take-profit at \(level): selling the position")
        }
    }
}
