/// An exact, non-negative amount of a base asset (BTC, ETH…) in 10⁻⁸ units. Never a floating-point number.
///
/// A negative quantity is always a bug (spot has no shorts), so construction and subtraction trap on one
/// rather than letting it reach the ledger; parsing user or exchange text throws instead.
public struct Quantity: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw count of 10⁻⁸ units; what the database stores.
    public let units: Int64

    /// Traps on a negative count: a negative quantity is a logic error, never data.
    public init(units: Int64) {
        precondition(units >= 0, "a quantity cannot be negative (\(units) units)")
        self.units = units
    }

    /// `Quantity(2)` is two whole units; whole amounts only, so literals never go through a `Double`.
    public init(_ whole: Int) { self.init(units: Int64(whole) * FixedPoint.scale) }

    /// Parses exchange or user text such as `"0.00100000"`; throws on negative or malformed input.
    public init(_ text: some StringProtocol) throws(FixedPoint.ParseError) {
        self.units = try FixedPoint.parseNonNegative(text)
    }

    public static let zero = Quantity(units: 0)

    public var isZero: Bool { units == 0 }

    /// Exact decimal text without padding (`"0.001"`): the API's wire format.
    public var description: String { FixedPoint.canonical(units) }

    /// An approximation for indicators only; accounting never reads it.
    public var doubleValue: Double { Double(units) / Double(FixedPoint.scale) }

    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(units: lhs.units + rhs.units) }
    /// Traps when `rhs > lhs`: callers check holdings first, so an underflow is a logic error.
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(units: lhs.units - rhs.units) }
    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs = lhs + rhs }
    public static func -= (lhs: inout Quantity, rhs: Quantity) { lhs = lhs - rhs }
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.units < rhs.units }

    /// The largest multiple of `step` not above this quantity: Binance's LOT_SIZE rule, which never lets an
    /// order exceed what was asked for. A zero step means "no step" and returns the quantity unchanged.
    public func floored(toMultipleOf step: Quantity) -> Quantity {
        guard step.units > 0 else { return self }
        return Quantity(units: units - units % step.units)
    }

    /// Whether the quantity sits on the step grid (always true for a zero step).
    public func isMultiple(of step: Quantity) -> Bool {
        step.units == 0 || units % step.units == 0
    }
}

extension Quantity: Codable {
    /// Encoded as a JSON string so no client parses it into a binary float on the way.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Quantity(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
