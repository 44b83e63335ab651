/// Wilder's average true range: how far price typically travels in one bar, gaps included.
///
/// The true range is the largest of high − low, |high − previous close| and |low − previous close|; the
/// first bar, with no previous close, uses high − low. The first ATR is the mean of the first `period`
/// true ranges, later ones Wilder's smoothing `(previous × (period − 1) + current) / period`.
public struct AverageTrueRange: Indicator {
    public let period: Int
    private var previousClose: Double?
    private var seedSum = 0.0
    private var seedCount = 0
    /// Nil until `period` candles have been seen.
    public private(set) var value: Double?

    /// `period` bars; Wilder used 14.
    public init(period: Int = 14) {
        precondition(period > 0, "an ATR needs a positive period")
        self.period = period
    }

    public var isReady: Bool { value != nil }

    /// Feeds the next closed candle, oldest first.
    public mutating func update(_ candle: Candle) {
        let high = candle.high.doubleValue
        let low = candle.low.doubleValue
        let trueRange = previousClose.map { max(high - low, abs(high - $0), abs(low - $0)) } ?? high - low
        previousClose = candle.close.doubleValue
        if let previous = value {
            value = (previous * Double(period - 1) + trueRange) / Double(period)
            return
        }
        seedSum += trueRange
        seedCount += 1
        if seedCount == period { value = seedSum / Double(period) }
    }

    public mutating func reset() {
        previousClose = nil
        seedSum = 0
        seedCount = 0
        value = nil
    }
}
