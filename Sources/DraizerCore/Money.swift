/// An exact amount of a quote currency (USD/USDT), in 10⁻⁸ units. Never a floating-point number.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw count of 10⁻⁸ units; what the database stores.
    public let units: Int64

    public init(units: Int64) { self.units = units }

    /// `Money(1000)` is one thousand; whole amounts only, so literals never go through a `Double`.
    public init(_ whole: Int) { self.units = Int64(whole) * FixedPoint.scale }

    public init(_ text: some StringProtocol) throws(FixedPoint.ParseError) {
        self.units = try FixedPoint.parse(text)
    }

    public static let zero = Money(units: 0)

    public var isNegative: Bool { units < 0 }
    public var isPositive: Bool { units > 0 }
    public var isZero: Bool { units == 0 }

    /// Exact decimal text without padding (`"1000"`, `"12.5"`): the API's wire format.
    public var description: String { FixedPoint.canonical(units) }

    /// Fixed number of decimals for display (`formatted(decimals: 2)` → `"1000.00"`).
    public func formatted(decimals: Int = 2) -> String { FixedPoint.format(units, decimals: decimals) }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(units: lhs.units + rhs.units) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(units: lhs.units - rhs.units) }
    public static prefix func - (value: Money) -> Money { Money(units: -value.units) }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.units < rhs.units }

    /// The amount scaled by a ratio expressed in basis points (1 bp = 0.01 %), rounded as asked.
    public func scaled(basisPoints: Int64, rounding: FixedPoint.Rounding) -> Money {
        Money(units: FixedPoint.multiplyDivide(units, basisPoints, 10_000, rounding: rounding))
    }

    /// The amount times an exact ratio, rounded once to 10⁻⁸ as asked (fees round `.up`).
    public func scaled(by ratio: Ratio, rounding: FixedPoint.Rounding) -> Money {
        Money(units: FixedPoint.multiplyDivide(units, ratio.units, FixedPoint.scale, rounding: rounding))
    }
}

extension Money: Codable {
    /// Encoded as a JSON string so no client parses it into a binary float on the way.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Money(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
