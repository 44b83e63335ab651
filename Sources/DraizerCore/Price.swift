/// An exact, non-negative price of one unit of a base asset in its quote asset, in 10⁻⁸ units.
///
/// Zero is representable because Binance uses `"0.00000000"` for "no limit" in its filters; an order is never
/// filled at zero (see `PaperExecution`). Negative prices trap on construction and throw when parsed.
public struct Price: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw count of 10⁻⁸ quote units per base unit; what the database stores.
    public let units: Int64

    /// Traps on a negative count: a negative price is a logic error, never data.
    public init(units: Int64) {
        precondition(units >= 0, "a price cannot be negative (\(units) units)")
        self.units = units
    }

    /// `Price(30000)` is thirty thousand; whole amounts only, so literals never go through a `Double`.
    public init(_ whole: Int) { self.init(units: Int64(whole) * FixedPoint.scale) }

    /// Parses exchange or user text such as `"64123.45000000"`; throws on negative or malformed input.
    public init(_ text: some StringProtocol) throws(FixedPoint.ParseError) {
        self.units = try FixedPoint.parseNonNegative(text)
    }

    public static let zero = Price(units: 0)

    public var isZero: Bool { units == 0 }

    /// Exact decimal text without padding (`"64123.45"`): the API's wire format.
    public var description: String { FixedPoint.canonical(units) }

    /// An approximation for indicators only; accounting never reads it.
    public var doubleValue: Double { Double(units) / Double(FixedPoint.scale) }

    public static func < (lhs: Price, rhs: Price) -> Bool { lhs.units < rhs.units }

    /// The nearest multiple of `tick` in the given direction. A zero tick means "no tick" and returns the
    /// price unchanged, as Binance does when PRICE_FILTER's tickSize is zero.
    public func rounded(toMultipleOf tick: Price, rounding: FixedPoint.Rounding) -> Price {
        guard tick.units > 0 else { return self }
        let ticks = FixedPoint.divide(Int128(units), by: Int128(tick.units), rounding: rounding)
        return Price(units: Int64(ticks) * tick.units)
    }

    /// Whether the price sits on the tick grid (always true for a zero tick).
    public func isMultiple(of tick: Price) -> Bool {
        tick.units == 0 || units % tick.units == 0
    }

    /// `price × quantity` in the quote currency, rounded once to 10⁻⁸ in the given direction.
    ///
    /// The exact product has up to sixteen decimals; callers pick the direction that goes against the user
    /// (up for what a buy costs, down for what a sell pays or a holding is worth).
    public func notional(of quantity: Quantity, rounding: FixedPoint.Rounding) -> Money {
        Money(units: FixedPoint.multiplyDivide(units, quantity.units, FixedPoint.scale, rounding: rounding))
    }

    /// The base quantity that `amount` is worth at this price, rounded in the given direction, or nil when
    /// it is beyond `Quantity`'s range (a large amount at a tiny price). Traps on a zero price or a negative
    /// amount, which callers reject before asking.
    public func quantity(worth amount: Money, rounding: FixedPoint.Rounding) -> Quantity? {
        precondition(units > 0, "no quantity is worth an amount at a zero price")
        precondition(!amount.isNegative, "a negative amount has no quantity")
        let value = FixedPoint.divide(
            Int128(amount.units) * Int128(FixedPoint.scale), by: Int128(units), rounding: rounding)
        return Int64(exactly: value).map(Quantity.init(units:))
    }
}

extension Price: Codable {
    /// Encoded as a JSON string so no client parses it into a binary float on the way.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Price(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
