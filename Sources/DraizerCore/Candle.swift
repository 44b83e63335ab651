/// One closed OHLCV bar. Prices and volume stay exact; indicators read them as `Double`.
public struct Candle: Sendable, Hashable {
    /// Milliseconds since the Unix epoch, as Binance's klines report it.
    public let openTime: Int64
    public let open: Price
    public let high: Price
    public let low: Price
    public let close: Price
    /// Base-asset volume traded during the bar.
    public let volume: Quantity

    public enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        /// The low is above the open or close, or the high below them.
        case inconsistentRange(openTime: Int64)

        public var description: String {
            switch self {
            case .inconsistentRange(let openTime):
                "candle at \(openTime) has open or close outside its low–high range"
            }
        }
    }

    /// Throws when the bar is self-contradictory, so a bad feed fails where it enters rather than as a
    /// strange indicator reading later.
    public init(
        openTime: Int64, open: Price, high: Price, low: Price, close: Price, volume: Quantity
    ) throws(Invalid) {
        guard low <= min(open, close), high >= max(open, close) else {
            throw .inconsistentRange(openTime: openTime)
        }
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
