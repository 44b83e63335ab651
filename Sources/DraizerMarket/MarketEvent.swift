import DraizerCore

/// What a live `MarketDataSource.updates(for:)` stream delivers.
public enum MarketEvent: Sendable, Hashable {
    /// A new last price.
    case price(PriceTick)
    /// A candle changed (`isClosed == false`) or closed for good (`isClosed == true`).
    case candle(CandleUpdate)
    /// The feed connected, dropped, is about to reconnect, or caught up on missed candles.
    case connection(ConnectionEvent)
}

/// A change in the state of a live feed. Consumers should treat prices as unknown between `disconnected`
/// and the next `connected`.
public enum ConnectionEvent: Sendable, Hashable {
    case connected
    /// The feed stopped delivering; `reason` says why (idle timeout, server close, planned 24-hour renewal…).
    case disconnected(reason: String)
    /// The next connection attempt starts after `delay`; `attempt` is 1 after a drop and grows with each
    /// failed attempt in a row.
    case reconnecting(attempt: Int, delay: Duration)
    /// After a reconnect, `count` closed candles missed while away were fetched and emitted, in order, just
    /// before this event.
    case backfilled(symbol: Symbol, interval: CandleInterval, count: Int)
}

/// A candle of a live feed with the facts a closed `Candle` does not need: which symbol and interval, when
/// it closes, and whether it is final.
public struct CandleUpdate: Sendable, Hashable {
    public let symbol: Symbol
    public let interval: CandleInterval
    public let candle: Candle
    /// Milliseconds since the epoch of the bar's last millisecond (open time + interval − 1), as Binance sends.
    public let closeTime: Int64
    /// Final: the bar will not change again and belongs in history.
    public let isClosed: Bool
    /// Fetched over REST after a reconnect rather than received live.
    public let isBackfill: Bool

    public init(
        symbol: Symbol, interval: CandleInterval, candle: Candle, closeTime: Int64, isClosed: Bool,
        isBackfill: Bool = false
    ) {
        self.symbol = symbol
        self.interval = interval
        self.candle = candle
        self.closeTime = closeTime
        self.isClosed = isClosed
        self.isBackfill = isBackfill
    }
}
