import DraizerCore

/// Something that turns a market snapshot into a trading decision: the LLM over an OpenAI-compatible API,
/// or the offline rules engine. The live bot and a backtest call it the same way.
///
/// `decide` never throws: every failure (network, provider, an answer that does not validate) becomes a
/// HOLD whose record carries the error, so a broken engine can stop the bot trading but never make it
/// trade.
public protocol DecisionEngine: Sendable {
    /// Which kind of engine this is, stored with every record.
    var kind: EngineKind { get }
    func decide(_ snapshot: MarketSnapshot) async -> DecisionRecord
}

/// The engines we have, spelled as they are stored and shown.
public enum EngineKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case llm
    case rules

    public var description: String { rawValue }
}
