/// The open position in the decided symbol as a decision engine sees it: how much, at what average entry,
/// and what it is worth now compared with what it cost.
public struct PositionSnapshot: Sendable, Hashable {
    public let quantity: Quantity
    /// Zero when flat.
    public let averageEntryPrice: Price
    /// Market value at the snapshot's price minus the cost basis (buy fees included), as the ledger counts it.
    public let unrealizedPnL: Money

    public init(quantity: Quantity, averageEntryPrice: Price, unrealizedPnL: Money) {
        self.quantity = quantity
        self.averageEntryPrice = averageEntryPrice
        self.unrealizedPnL = unrealizedPnL
    }

    /// The ledger's position valued at `price`.
    public init(_ position: PositionState, at price: Price) {
        self.init(
            quantity: position.quantity, averageEntryPrice: position.averageEntryPrice,
            unrealizedPnL: position.unrealizedPnL(at: price))
    }

    public static let flat = PositionSnapshot(quantity: .zero, averageEntryPrice: .zero, unrealizedPnL: .zero)

    public var isOpen: Bool { !quantity.isZero }
}
