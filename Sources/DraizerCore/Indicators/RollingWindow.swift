/// The last `capacity` values of a series, for indicators defined over a fixed lookback.
struct RollingWindow: Sendable, Hashable {
    let capacity: Int
    private(set) var values: [Double] = []
    private var oldest = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a window needs room for at least one value")
        self.capacity = capacity
        values.reserveCapacity(capacity)
    }

    var isFull: Bool { values.count == capacity }

    mutating func append(_ value: Double) {
        if isFull {
            values[oldest] = value
            oldest = (oldest + 1) % capacity
        } else {
            values.append(value)
        }
    }

    /// The mean, summed afresh from the window each time: a running sum would drift as floating-point
    /// errors of values long gone accumulate, and the windows here are short.
    var mean: Double { values.reduce(0, +) / Double(values.count) }

    mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
        oldest = 0
    }
}
