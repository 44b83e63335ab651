/// The exponential moving average with smoothing `2 / (period + 1)`.
///
/// Seeded with the simple average of the first `period` values (the StockCharts and TA-Lib convention)
/// rather than with the first value, so its first reading does not overweight one arbitrary bar.
public struct ExponentialMovingAverage: SeriesIndicator {
    public let period: Int
    public let alpha: Double
    private var seedSum = 0.0
    private var seedCount = 0
    /// Nil until `period` values have been seen.
    public private(set) var value: Double?

    /// Smooths over `period` values; traps on a period below one.
    public init(period: Int) {
        precondition(period > 0, "an EMA needs a positive period")
        self.period = period
        self.alpha = 2.0 / Double(period + 1)
    }

    public var isReady: Bool { value != nil }

    /// Feeds the next value of the series, oldest first.
    public mutating func update(_ value: Double) {
        if let previous = self.value {
            self.value = alpha * value + (1 - alpha) * previous
            return
        }
        seedSum += value
        seedCount += 1
        if seedCount == period { self.value = seedSum / Double(period) }
    }

    public mutating func reset() {
        seedSum = 0
        seedCount = 0
        value = nil
    }
}
