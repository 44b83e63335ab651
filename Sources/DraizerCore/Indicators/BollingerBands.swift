/// Bollinger bands: the simple average of the last `period` closes, and bands `multiplier` standard
/// deviations above and below it.
///
/// The deviation is the population one (divide by `period`), as Bollinger specifies and StockCharts and
/// TA-Lib compute it.
public struct BollingerBands: SeriesIndicator {
    public struct Reading: Sendable, Hashable {
        public let lower: Double
        public let middle: Double
        public let upper: Double

        public init(lower: Double, middle: Double, upper: Double) {
            self.lower = lower
            self.middle = middle
            self.upper = upper
        }
    }

    public let period: Int
    public let multiplier: Double
    private var window: RollingWindow
    /// Nil until `period` values have been seen.
    public private(set) var value: Reading?

    /// `period` closes and `multiplier` deviations; Bollinger used 20 and 2.
    public init(period: Int = 20, multiplier: Double = 2) {
        precondition(period > 0, "Bollinger bands need a positive period")
        self.period = period
        self.multiplier = multiplier
        self.window = RollingWindow(capacity: period)
    }

    public var isReady: Bool { value != nil }

    /// Feeds the next value of the series, oldest first.
    public mutating func update(_ value: Double) {
        window.append(value)
        guard window.isFull else { return }
        let mean = window.mean
        let variance = window.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(period)
        let width = multiplier * variance.squareRoot()
        self.value = Reading(lower: mean - width, middle: mean, upper: mean + width)
    }

    public mutating func reset() {
        window.removeAll()
        value = nil
    }
}
