/// A streaming technical indicator fed one closed candle at a time (nautilus_trader's `Indicator`): the
/// same instance serves a backtest and the live bot, so both see identical readings.
///
/// Indicators are the one place the core uses `Double`: their readings inform decisions but are never
/// booked, so speed and the standard formulas matter more than exactness.
public protocol Indicator: Sendable {
    /// Feeds one closed candle, oldest first.
    mutating func update(_ candle: Candle)
    /// Whether enough candles have been seen for the reading to mean what its formula says.
    var isReady: Bool { get }
    /// Forgets every candle seen, as if newly created.
    mutating func reset()
}

/// An indicator of a single series: the candles' closes, or another indicator's readings (MACD's signal
/// line is an EMA of the MACD line).
public protocol SeriesIndicator: Indicator {
    mutating func update(_ value: Double)
}

extension SeriesIndicator {
    /// Feeds the candle's close.
    /// Feeds the next closed candle, oldest first.
    public mutating func update(_ candle: Candle) { update(candle.close.doubleValue) }
}
