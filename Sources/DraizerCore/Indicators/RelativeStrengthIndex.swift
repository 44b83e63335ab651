/// Wilder's relative strength index, 0 to 100.
///
/// The first average gain and loss are simple means of the first `period` changes; later ones use Wilder's
/// smoothing, `(previous × (period − 1) + current) / period`. Ready after `period + 1` closes.
public struct RelativeStrengthIndex: SeriesIndicator {
    public let period: Int
    private var previous: Double?
    private var seedGain = 0.0
    private var seedLoss = 0.0
    private var seedCount = 0
    private var averageGain = 0.0
    private var averageLoss = 0.0
    /// Nil until `period` changes have been seen.
    public private(set) var value: Double?

    /// `period` changes; Wilder used 14.
    public init(period: Int = 14) {
        precondition(period > 0, "an RSI needs a positive period")
        self.period = period
    }

    public var isReady: Bool { value != nil }

    /// Feeds the next value of the series, oldest first.
    public mutating func update(_ value: Double) {
        defer { previous = value }
        guard let previous else { return }
        let change = value - previous
        let gain = max(change, 0)
        let loss = max(-change, 0)
        if self.value == nil {
            seedGain += gain
            seedLoss += loss
            seedCount += 1
            guard seedCount == period else { return }
            averageGain = seedGain / Double(period)
            averageLoss = seedLoss / Double(period)
        } else {
            averageGain = (averageGain * Double(period - 1) + gain) / Double(period)
            averageLoss = (averageLoss * Double(period - 1) + loss) / Double(period)
        }
        self.value = Self.index(gain: averageGain, loss: averageLoss)
    }

    /// 100 when nothing was lost; 50 when nothing moved at all, where the ratio is undefined and neither
    /// side has strength.
    private static func index(gain: Double, loss: Double) -> Double {
        if loss == 0 { return gain == 0 ? 50 : 100 }
        return 100 - 100 / (1 + gain / loss)
    }

    public mutating func reset() {
        previous = nil
        seedGain = 0
        seedLoss = 0
        seedCount = 0
        averageGain = 0
        averageLoss = 0
        value = nil
    }
}
