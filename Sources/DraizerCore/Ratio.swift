/// An exact dimensionless fraction in 10⁻⁸ units (`0.001` is 100 000 units): fee and slippage rates, win
/// rates, drawdowns and returns. Exact so a rate configured as `"0.00075"` charges exactly that.
public struct Ratio: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw count of 10⁻⁸ units.
    public let units: Int64

    /// From a raw count of 10⁻⁸ units; negative ratios (losses, falling returns) are allowed.
    public init(units: Int64) { self.units = units }

    /// `Ratio(basisPoints: 10)` is 0.1 %; one basis point is 0.0001.
    public init(basisPoints: Int64) { self.units = basisPoints * (FixedPoint.scale / 10_000) }

    /// Parses a plain decimal fraction (`"0.001"` for 0.1 %).
    public init(_ text: some StringProtocol) throws(FixedPoint.ParseError) {
        self.units = try FixedPoint.parse(text)
    }

    /// `numerator / denominator` rounded once to 10⁻⁸ in the given direction; traps on a zero denominator.
    public init(_ numerator: Money, over denominator: Money, rounding: FixedPoint.Rounding) {
        let value = FixedPoint.divide(
            Int128(numerator.units) * Int128(FixedPoint.scale), by: Int128(denominator.units), rounding: rounding)
        guard let units = Int64(exactly: value) else {
            preconditionFailure("ratio overflow: \(numerator) / \(denominator)")
        }
        self.units = units
    }

    /// `numerator / denominator` for counts (a win rate), rounded once in the given direction.
    public init(_ numerator: Int, over denominator: Int, rounding: FixedPoint.Rounding) {
        let value = FixedPoint.divide(
            Int128(numerator) * Int128(FixedPoint.scale), by: Int128(denominator), rounding: rounding)
        guard let units = Int64(exactly: value) else {
            preconditionFailure("ratio overflow: \(numerator) / \(denominator)")
        }
        self.units = units
    }

    public static let zero = Ratio(units: 0)
    public static let one = Ratio(units: FixedPoint.scale)

    public var isNegative: Bool { units < 0 }

    /// Exact decimal text without padding (`"0.001"`).
    public var description: String { FixedPoint.canonical(units) }

    /// An approximation for display and the AI layer; accounting never reads it.
    public var doubleValue: Double { Double(units) / Double(FixedPoint.scale) }

    public static func < (lhs: Ratio, rhs: Ratio) -> Bool { lhs.units < rhs.units }
}

extension Ratio: Codable {
    /// Encoded as a JSON string, like `Money`, so it survives any JSON parser exactly.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Ratio(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
