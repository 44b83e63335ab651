import DraizerCore

/// Where market data comes from. Always shown next to prices so nobody mistakes simulated or replayed data
/// for the live market.
public enum MarketSourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Binance Spot, live or testnet.
    case binance
    /// A seeded random market (`SimulatedMarket`).
    case simulated
    /// Historical candles played back from a file (`ReplayMarket`).
    case replay
}

/// One upstream of prices and candles: Binance, a simulation or a replay. The server, the bots and the
/// backtester talk to this protocol only, so any of them can run on any source.
///
/// Times are milliseconds since the Unix epoch, the unit of Binance and of `Candle.openTime`. Ranges select
/// candles by open time and are inclusive, as Binance's `startTime` / `endTime` are.
public protocol MarketDataSource: Sendable {
    /// A human-readable label (`"Binance Spot Testnet"`, `"Simulated (seed 42)"`).
    var name: String { get }
    /// Which kind of data this is; the UI labels anything but `.binance` as not real.
    var kind: MarketSourceKind { get }

    /// The tradable symbols with their exchange filters.
    func symbols() async throws -> [SymbolInfo]

    /// The latest price with the time it was current, so a caller can refuse a stale one.
    func price(of symbol: Symbol) async throws -> PriceTick

    /// Rolling 24-hour statistics.
    func ticker24h(of symbol: Symbol) async throws -> Ticker24h

    /// Closed candles only, oldest first: at most `limit`, the oldest from `start` when it is given, otherwise
    /// the newest up to `end` (or up to now). The still-open candle is never included; see `currentCandle`.
    /// Gaps in the source (exchange halts, missing bars) are returned as gaps, never filled.
    func candles(
        of symbol: Symbol, interval: CandleInterval, start: Int64?, end: Int64?, limit: Int
    ) async throws -> [Candle]

    /// The candle that is still forming, or nil when there is none (a replay between two bars).
    func currentCandle(of symbol: Symbol, interval: CandleInterval) async throws -> CandleUpdate?

    /// Live prices, candle updates and connection changes for `symbols`, until the consumer stops iterating
    /// (which releases the connection or timer behind it).
    func updates(for symbols: [Symbol]) -> AsyncStream<MarketEvent>
}

extension MarketDataSource {
    /// The newest `limit` closed candles.
    public func candles(of symbol: Symbol, interval: CandleInterval, limit: Int = 500) async throws -> [Candle] {
        try await candles(of: symbol, interval: interval, start: nil, end: nil, limit: limit)
    }

    /// The filters of one symbol, or `MarketDataError.unknownSymbol`.
    public func symbolInfo(_ symbol: Symbol) async throws -> SymbolInfo {
        guard let info = try await symbols().first(where: { $0.symbol == symbol }) else {
            throw MarketDataError.unknownSymbol(symbol)
        }
        return info
    }
}
