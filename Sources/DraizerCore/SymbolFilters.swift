/// The exchange rules a market order on one symbol must satisfy, as domain values. Parsing Binance's
/// `exchangeInfo` JSON belongs to DraizerMarket; it builds these from the filters' decimal strings.
public struct SymbolFilters: Sendable, Hashable {
    public let price: PriceFilter
    public let lotSize: LotSizeFilter
    /// MARKET_LOT_SIZE: applies on top of LOT_SIZE to market orders, which is all paper trading places.
    public let marketLotSize: LotSizeFilter?
    /// NOTIONAL or MIN_NOTIONAL; absent means no bound on order value.
    public let notional: NotionalFilter?

    /// Why a filter could not be built from exchange data.
    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        case number(field: String, FixedPoint.ParseError)
        case inconsistent(String)

        public var description: String {
            switch self {
            case .number(let field, let error): "filter field \(field): \(error.description)"
            case .inconsistent(let message): message
            }
        }
    }

    public init(
        price: PriceFilter, lotSize: LotSizeFilter, marketLotSize: LotSizeFilter? = nil, notional: NotionalFilter? = nil
    ) {
        self.price = price
        self.lotSize = lotSize
        self.marketLotSize = marketLotSize
        self.notional = notional
    }

    /// No rules at all: for tests and simulated symbols.
    public static let unrestricted = SymbolFilters(price: .unrestricted, lotSize: .unrestricted)

    /// The quantity floored onto LOT_SIZE's step and then MARKET_LOT_SIZE's, so it passes both grids when one
    /// step is a multiple of the other (true on Binance, where the market step is zero or equal).
    public func flooredQuantity(_ quantity: Quantity) -> Quantity {
        let onLot = lotSize.floored(quantity)
        return marketLotSize?.floored(onLot) ?? onLot
    }

    /// The price on the tick grid in the given direction.
    public func roundedPrice(_ price: Price, rounding: FixedPoint.Rounding) -> Price {
        self.price.rounded(price, rounding: rounding)
    }

    /// Checks a market order of `quantity` at `price` against every filter, nautilus-style: the first rule
    /// broken comes back as a rejection with its reason; nil means the order passes.
    public func check(quantity: Quantity, price: Price) -> OrderRejection? {
        if let rejection = self.price.check(price) { return rejection }
        if let rejection = lotSize.check(quantity) { return rejection }
        if let rejection = marketLotSize?.check(quantity) { return rejection }
        if let rejection = notional?.check(quantity: quantity, price: price) { return rejection }
        return nil
    }

    static func parse<Value>(
        _ field: String, _ text: String, _ make: (String) throws(FixedPoint.ParseError) -> Value
    ) throws(Invalid) -> Value {
        do { return try make(text) } catch { throw .number(field: field, error) }
    }
}
