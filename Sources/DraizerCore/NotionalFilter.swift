/// Binance's NOTIONAL filter (and the older MIN_NOTIONAL, which is its minimum half): bounds on
/// `price × quantity` in the quote currency.
///
/// Binance measures a market order's notional at the recent average price; paper execution measures it at
/// the fill price, which is what the order will actually cost or pay.
public struct NotionalFilter: Sendable, Hashable {
    /// Smallest accepted order value; zero means no minimum.
    public let minNotional: Money
    /// Whether the minimum applies to market orders (`applyMinToMarket`, or MIN_NOTIONAL's `applyToMarket`).
    public let applyMinToMarket: Bool
    /// Largest accepted order value; zero means no maximum.
    public let maxNotional: Money
    /// Whether the maximum applies to market orders (`applyMaxToMarket`).
    public let applyMaxToMarket: Bool

    /// Throws on negative bounds or a minimum above a (non-zero) maximum. Defaults match BTCUSDT's NOTIONAL.
    public init(
        minNotional: Money, applyMinToMarket: Bool = true, maxNotional: Money = .zero, applyMaxToMarket: Bool = false
    ) throws(SymbolFilters.Invalid) {
        guard !minNotional.isNegative, !maxNotional.isNegative else {
            throw .inconsistent("NOTIONAL bounds must not be negative")
        }
        guard maxNotional.isZero || minNotional <= maxNotional else {
            throw .inconsistent("NOTIONAL minNotional \(minNotional) is above maxNotional \(maxNotional)")
        }
        self.minNotional = minNotional
        self.applyMinToMarket = applyMinToMarket
        self.maxNotional = maxNotional
        self.applyMaxToMarket = applyMaxToMarket
    }

    /// From the exchange's decimal strings; pass MIN_NOTIONAL's `applyToMarket` as `applyMinToMarket`.
    public init(
        minNotional: String, applyMinToMarket: Bool = true, maxNotional: String = "0", applyMaxToMarket: Bool = false
    ) throws(SymbolFilters.Invalid) {
        try self.init(
            minNotional: SymbolFilters.parse("minNotional", minNotional, Money.init),
            applyMinToMarket: applyMinToMarket,
            maxNotional: SymbolFilters.parse("maxNotional", maxNotional, Money.init),
            applyMaxToMarket: applyMaxToMarket)
    }

    /// The first bound a market order of `price × quantity` breaks, or nil when it passes.
    ///
    /// Compared exactly: the product is floored for the minimum and ceiled for the maximum, which cannot
    /// change either answer because the bounds themselves are whole 10⁻⁸ units.
    public func check(quantity: Quantity, price: Price) -> OrderRejection? {
        if applyMinToMarket, !minNotional.isZero {
            let notional = price.notional(of: quantity, rounding: .down)
            if notional < minNotional { return .belowMinimumNotional(notional: notional, minimum: minNotional) }
        }
        if applyMaxToMarket, !maxNotional.isZero {
            let notional = price.notional(of: quantity, rounding: .up)
            if notional > maxNotional { return .aboveMaximumNotional(notional: notional, maximum: maxNotional) }
        }
        return nil
    }
}
