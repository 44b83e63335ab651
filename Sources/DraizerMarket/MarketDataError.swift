import DraizerCore

/// Failures every `MarketDataSource` can report, whatever its upstream.
public enum MarketDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source does not list this symbol.
    case unknownSymbol(Symbol)
    /// The source has no data for this symbol yet (a replay before its first candle).
    case noData(Symbol)
    /// The source cannot produce candles of this interval (a replay of 15m bars asked for 1m).
    case unsupportedInterval(CandleInterval)
    /// A request that can never succeed, such as a zero limit.
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .unknownSymbol(let symbol): "unknown symbol \(symbol)"
        case .noData(let symbol): "no market data for \(symbol) yet"
        case .unsupportedInterval(let interval): "this source has no \(interval) candles"
        case .invalidRequest(let message): "invalid market data request: \(message)"
        }
    }
}
