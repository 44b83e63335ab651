/// What a decision engine wants done now. Spot only: `sell` reduces or closes a long, never opens a short.
/// The raw values are the words the LLM answers with and the API shows.
public enum DecisionAction: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case buy = "BUY"
    case sell = "SELL"
    case hold = "HOLD"

    public var description: String { rawValue }
}
