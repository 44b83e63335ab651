/// MACD: the fast EMA minus the slow EMA, its signal line (an EMA of the MACD line) and their difference.
///
/// Both EMAs start at the first close, each seeded by its own simple average; the signal line starts with
/// the first MACD value. With (12, 26, 9) the first full reading comes on the 34th close.
public struct MovingAverageConvergenceDivergence: SeriesIndicator {
    public struct Reading: Sendable, Hashable {
        public let macd: Double
        public let signal: Double
        /// `macd − signal`.
        public let histogram: Double

        public init(macd: Double, signal: Double, histogram: Double) {
            self.macd = macd
            self.signal = signal
            self.histogram = histogram
        }
    }

    private var fast: ExponentialMovingAverage
    private var slow: ExponentialMovingAverage
    private var signal: ExponentialMovingAverage
    /// Nil until the signal line has a value.
    public private(set) var value: Reading?

    /// Appel's standard periods are 12, 26 and 9.
    public init(fastPeriod: Int = 12, slowPeriod: Int = 26, signalPeriod: Int = 9) {
        precondition(fastPeriod < slowPeriod, "MACD's fast period must be shorter than its slow one")
        fast = ExponentialMovingAverage(period: fastPeriod)
        slow = ExponentialMovingAverage(period: slowPeriod)
        signal = ExponentialMovingAverage(period: signalPeriod)
    }

    public var isReady: Bool { value != nil }

    /// Feeds the next value of the series, oldest first.
    public mutating func update(_ value: Double) {
        fast.update(value)
        slow.update(value)
        guard let fastValue = fast.value, let slowValue = slow.value else { return }
        let macd = fastValue - slowValue
        signal.update(macd)
        guard let signalValue = signal.value else { return }
        self.value = Reading(macd: macd, signal: signalValue, histogram: macd - signalValue)
    }

    public mutating func reset() {
        fast.reset()
        slow.reset()
        signal.reset()
        value = nil
    }
}
