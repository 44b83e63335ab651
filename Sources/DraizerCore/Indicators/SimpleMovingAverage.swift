/// The arithmetic mean of the last `period` values.
public struct SimpleMovingAverage: SeriesIndicator {
    public let period: Int
    private var window: RollingWindow
    /// Nil until `period` values have been seen.
    public private(set) var value: Double?

    /// Averages the last `period` values; traps on a period below one.
    public init(period: Int) {
        precondition(period > 0, "an SMA needs a positive period")
        self.period = period
        self.window = RollingWindow(capacity: period)
    }

    public var isReady: Bool { value != nil }

    /// Feeds the next value of the series, oldest first.
    public mutating func update(_ value: Double) {
        window.append(value)
        if window.isFull { self.value = window.mean }
    }

    public mutating func reset() {
        window.removeAll()
        value = nil
    }
}
