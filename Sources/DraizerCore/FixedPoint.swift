/// Exact decimal arithmetic shared by `Money`, `Quantity` and `Price`: an `Int64` count of 10⁻⁸ units.
///
/// Eight decimals is what Binance uses for every spot price, quantity and commission, so each exchange value
/// is represented exactly; `Int64` bounds the range to ±92 233 720 368.54775807, far above any paper
/// portfolio. Products go through 128-bit intermediates so `price × quantity` never overflows silently.
public enum FixedPoint {
    public static let scale: Int64 = 100_000_000
    public static let decimals = 8

    /// How a result that falls between two representable values is rounded.
    public enum Rounding: Sendable {
        /// Towards negative infinity: used for quantities (Binance floors to the lot step).
        case down
        /// Towards positive infinity: used for fees and costs charged to the user, so the ledger never
        /// under-charges by a rounding error.
        case up
        /// Half away from zero: used for display and neutral conversions.
        case halfUp
    }

    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case invalidCharacter(String)
        case tooManyDecimals(String)
        case outOfRange(String)
        /// A quantity or price below zero: those types are non-negative by construction.
        case negative(String)

        public var description: String {
            switch self {
            case .empty: "empty number"
            case .invalidCharacter(let s): "'\(s)' is not a decimal number"
            case .tooManyDecimals(let s): "'\(s)' has more than \(FixedPoint.decimals) decimals"
            case .outOfRange(let s): "'\(s)' is out of range"
            case .negative(let s): "'\(s)' must not be negative"
            }
        }
    }

    /// Parses a plain decimal string (`"-12.5"`, `"0.00010000"`, `"1e-3"` is rejected): no exponent, at
    /// most eight decimals, trailing zeros allowed (Binance pads to eight).
    public static func parse(_ text: some StringProtocol) throws(ParseError) -> Int64 {
        var s = Substring(text)
        guard !s.isEmpty else { throw .empty }
        var negative = false
        if s.first == "-" || s.first == "+" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        var fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty || !fraction.isEmpty,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }),
              fraction.allSatisfy({ $0.isASCII && $0.isNumber })
        else { throw .invalidCharacter(String(text)) }
        while fraction.count > decimals, fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= decimals else { throw .tooManyDecimals(String(text)) }
        let trimmedWhole = whole.drop(while: { $0 == "0" })
        guard trimmedWhole.count <= 11 else { throw .outOfRange(String(text)) }
        var units = Int128(0)
        for digit in trimmedWhole { units = units * 10 + Int128(digit.wholeNumberValue!) }
        var fractionUnits = Int128(0)
        for digit in fraction { fractionUnits = fractionUnits * 10 + Int128(digit.wholeNumberValue!) }
        for _ in fraction.count..<decimals { fractionUnits *= 10 }
        var total = units * Int128(scale) + fractionUnits
        if negative { total = -total }
        guard let value = Int64(exactly: total) else { throw .outOfRange(String(text)) }
        return value
    }

    /// `parse` for values that cannot be negative (quantities, prices, rates charged to the user).
    public static func parseNonNegative(_ text: some StringProtocol) throws(ParseError) -> Int64 {
        let units = try parse(text)
        guard units >= 0 else { throw .negative(String(text)) }
        return units
    }

    /// Formats with exactly `decimals` digits after the point (`2` → `"1000.00"`); rounds half up.
    public static func format(_ units: Int64, decimals places: Int = decimals) -> String {
        precondition((0...decimals).contains(places), "decimals must be 0...8")
        let divisor = Int128(pow10(decimals - places))
        let rounded = divide(Int128(units), by: divisor, rounding: .halfUp)
        let negative = rounded < 0
        let magnitude = negative ? -rounded : rounded
        let placeScale = Int128(pow10(places))
        let whole = magnitude / placeScale
        var text = (negative ? "-" : "") + String(whole)
        if places > 0 {
            let fraction = String(magnitude % placeScale)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }

    /// The shortest exact form: `"1000"`, `"0.0001"`, `"-2.5"`. Every value in every answer goes through
    /// here, so it works on 64-bit integers (`format` divides 128-bit ones) and builds small strings.
    public static func canonical(_ units: Int64) -> String {
        let magnitude = units.magnitude, unit = UInt64(scale)
        var text = units < 0 ? "-" : ""
        text += String(magnitude / unit)
        var fraction = magnitude % unit, places = decimals
        guard fraction != 0 else { return text }
        while fraction % 10 == 0 { fraction /= 10; places -= 1 }
        let digits = String(fraction)
        text += "."
        if digits.utf8.count < places { text += String(repeating: "0", count: places - digits.utf8.count) }
        return text + digits
    }

    public static func pow10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// Integer division with an explicit rounding rule (Swift's `/` truncates towards zero).
    public static func divide(_ numerator: Int128, by denominator: Int128, rounding: Rounding) -> Int128 {
        precondition(denominator != 0, "division by zero")
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        guard remainder != 0 else { return quotient }
        let positive = (numerator < 0) == (denominator < 0)
        switch rounding {
        case .down:
            return positive ? quotient : quotient - 1
        case .up:
            return positive ? quotient + 1 : quotient
        case .halfUp:
            let twice = (remainder < 0 ? -remainder : remainder) * 2
            let absDenominator = denominator < 0 ? -denominator : denominator
            guard twice >= absDenominator else { return quotient }
            return positive ? quotient + 1 : quotient - 1
        }
    }

    /// `a × b / c` exactly, rounded once at the end; traps if the result leaves `Int64`.
    public static func multiplyDivide(_ a: Int64, _ b: Int64, _ c: Int64, rounding: Rounding) -> Int64 {
        let result = divide(Int128(a) * Int128(b), by: Int128(c), rounding: rounding)
        guard let value = Int64(exactly: result) else {
            preconditionFailure("fixed-point overflow: \(a) × \(b) / \(c)")
        }
        return value
    }
}
