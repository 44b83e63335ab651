/// A spot trading pair as Binance spells it (`BTCUSDT`): upper-case letters and digits, 5 to 20 characters.
public struct Symbol: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String

    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self {
            case .malformed(let s): "'\(s)' is not a trading symbol (5–20 upper-case letters or digits, e.g. BTCUSDT)"
            }
        }
    }

    /// Accepts any case (`btcusdt`) and normalises to upper case; rejects everything else.
    public init(_ text: some StringProtocol) throws(Invalid) {
        let upper = text.uppercased()
        guard (5...20).contains(upper.count), upper.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
        else { throw .malformed(String(text)) }
        self.rawValue = upper
    }

    public var description: String { rawValue }
    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Symbol(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
