/// How far a simulated market order fills from the reference price: a fixed fraction, always against the
/// user. Buys fill above the reference, sells below, which keeps paper results from flattering a strategy.
public struct SlippageModel: Sendable, Hashable {
    /// The fraction the fill price moves away from the reference (`0.0005` is 5 bp).
    public let rate: Ratio

    /// Traps on a negative rate or one of 100 % or more: both are configuration errors, caught at startup.
    public init(rate: Ratio) {
        precondition(rate >= .zero && rate < .one, "a slippage rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    /// `SlippageModel(basisPoints: 5)` is 0.05 %.
    public init(basisPoints: Int64) { self.init(rate: Ratio(basisPoints: basisPoints)) }

    /// Fills at the reference price (still rounded against the user onto the tick).
    public static let none = SlippageModel(rate: .zero)

    /// The fill price for `side`: `reference × (1 ± rate)`, rounded against the user onto the tick grid
    /// (up for buys, down for sells) in a single exact division, so no intermediate rounding can favour them.
    public func fillPrice(for side: OrderSide, reference: Price, tickSize: Price) -> Price {
        let scale = Int128(FixedPoint.scale)
        let factor = side == .buy ? scale + Int128(rate.units) : scale - Int128(rate.units)
        let tick = Int128(max(tickSize.units, 1))
        let ticks = FixedPoint.divide(
            Int128(reference.units) * factor, by: scale * tick, rounding: side == .buy ? .up : .down)
        guard let units = Int64(exactly: ticks * tick) else { preconditionFailure("slipped price overflow") }
        return Price(units: units)
    }
}
