/// Which way an order trades the base asset. Encoded as `"buy"` / `"sell"`, the `transactions.side` values.
public enum OrderSide: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case buy
    case sell

    public var description: String { rawValue }
}
