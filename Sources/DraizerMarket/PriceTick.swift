import DraizerCore

/// A last price with the time it was current and where it came from.
public struct PriceTick: Sendable, Hashable {
    public let symbol: Symbol
    public let price: Price
    /// Milliseconds since the epoch on the source's clock (Binance's event time, the simulation's or the
    /// replay's clock) when this price was current. For a REST quote it is the estimated server time of the
    /// request.
    public let observedAt: Int64
    public let source: MarketSourceKind

    public init(symbol: Symbol, price: Price, observedAt: Int64, source: MarketSourceKind) {
        self.symbol = symbol
        self.price = price
        self.observedAt = observedAt
        self.source = source
    }

    /// The form the core's paper execution takes, so it can refuse a stale price.
    public var referencePrice: ReferencePrice { ReferencePrice(price: price, observedAt: observedAt) }
}
