/// The market price an order is executed against, with when it was observed, so an execution can refuse
/// to trade on a price that stopped updating.
public struct ReferencePrice: Sendable, Hashable {
    public let price: Price
    /// Milliseconds since the Unix epoch, Binance's clock unit.
    public let observedAt: Int64

    public init(price: Price, observedAt: Int64) {
        self.price = price
        self.observedAt = observedAt
    }
}
