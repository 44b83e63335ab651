/// A coin or token as Binance spells it (`BTC`, `USDT`, `1000SATS`): upper-case letters and digits.
public struct Asset: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String

    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self {
            case .malformed(let s): "'\(s)' is not an asset (1–20 upper-case letters or digits, e.g. BTC)"
            }
        }
    }

    /// Accepts any case (`usdt`) and normalises to upper case; rejects everything else.
    public init(_ text: some StringProtocol) throws(Invalid) {
        let upper = text.uppercased()
        guard (1...20).contains(upper.count), upper.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
        else { throw .malformed(String(text)) }
        self.rawValue = upper
    }

    private init(known rawValue: String) { self.rawValue = rawValue }

    /// The paper account's cash currency and the quote asset of every pair we trade by default.
    public static let usdt = Asset(known: "USDT")

    public var description: String { rawValue }
    public static func < (lhs: Asset, rhs: Asset) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Asset(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
