/// Binance's PRICE_FILTER: the price range and tick grid of a symbol. Zero in any field disables that rule,
/// exactly as on the exchange.
public struct PriceFilter: Sendable, Hashable {
    /// Lowest accepted price; zero means no minimum.
    public let minPrice: Price
    /// Highest accepted price; zero means no maximum.
    public let maxPrice: Price
    /// Prices must be multiples of this; zero means any 10⁻⁸ price is accepted.
    public let tickSize: Price

    /// Throws when the minimum is above a (non-zero) maximum.
    public init(minPrice: Price, maxPrice: Price, tickSize: Price) throws(SymbolFilters.Invalid) {
        guard maxPrice.isZero || minPrice <= maxPrice else {
            throw .inconsistent("PRICE_FILTER minPrice \(minPrice) is above maxPrice \(maxPrice)")
        }
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.tickSize = tickSize
    }

    /// From the exchange's decimal strings (`"0.01000000"`), as they appear in `exchangeInfo`.
    public init(minPrice: String, maxPrice: String, tickSize: String) throws(SymbolFilters.Invalid) {
        try self.init(
            minPrice: SymbolFilters.parse("minPrice", minPrice, Price.init),
            maxPrice: SymbolFilters.parse("maxPrice", maxPrice, Price.init),
            tickSize: SymbolFilters.parse("tickSize", tickSize, Price.init))
    }

    /// No range and no tick: for tests and simulated symbols.
    public static let unrestricted = try! PriceFilter(minPrice: .zero, maxPrice: .zero, tickSize: .zero)

    /// The price on the tick grid in the given direction.
    public func rounded(_ price: Price, rounding: FixedPoint.Rounding) -> Price {
        price.rounded(toMultipleOf: tickSize, rounding: rounding)
    }

    /// The first rule `price` breaks, or nil when it passes.
    public func check(_ price: Price) -> OrderRejection? {
        if !minPrice.isZero, price < minPrice { return .priceBelowMinimum(price: price, minimum: minPrice) }
        if !maxPrice.isZero, price > maxPrice { return .priceAboveMaximum(price: price, maximum: maxPrice) }
        if !price.isMultiple(of: tickSize) { return .priceNotOnTick(price: price, tickSize: tickSize) }
        return nil
    }
}
