/// `MARKET_DATA_SOURCE`: where prices come from.
public enum MarketSourceSetting: Sendable, Equatable {
    /// Binance if it answers at start, else the simulated market (and everything says so).
    case auto
    case binance
    case simulated
    /// Candles from a CSV file (Binance public-data kline format, or `open_time_ms,open,high,low,close,volume`),
    /// played at `speed` times real time.
    case replay(path: String, speed: Int)

    static func parse(_ text: String) throws(ConfigError) -> MarketSourceSetting {
        switch text.lowercased() {
        case "auto": return .auto
        case "binance": return .binance
        case "simulated": return .simulated
        default:
            guard text.hasPrefix("replay:") else {
                throw ConfigError("MARKET_DATA_SOURCE", "'\(text)' is not auto, binance, simulated or replay:<file>[@<speed>]")
            }
            var path = String(text.dropFirst("replay:".count))
            var speed = 60
            if let at = path.lastIndex(of: "@"), let parsed = Int(path[path.index(after: at)...]) {
                guard (1...100_000).contains(parsed) else { throw ConfigError("MARKET_DATA_SOURCE", "replay speed must be 1…100000") }
                speed = parsed
                path = String(path[..<at])
            }
            guard !path.isEmpty else { throw ConfigError("MARKET_DATA_SOURCE", "replay needs a file: replay:/path/to/klines.csv") }
            return .replay(path: path, speed: speed)
        }
    }
}
