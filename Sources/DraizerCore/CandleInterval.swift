/// The candle lengths we offer, spelled as Binance's kline `interval` parameter (`"1m"`, `"4h"`, `"1d"`).
public enum CandleInterval: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case oneMinute = "1m"
    case threeMinutes = "3m"
    case fiveMinutes = "5m"
    case fifteenMinutes = "15m"
    case thirtyMinutes = "30m"
    case oneHour = "1h"
    case twoHours = "2h"
    case fourHours = "4h"
    case sixHours = "6h"
    case eightHours = "8h"
    case twelveHours = "12h"
    case oneDay = "1d"

    /// The bar's length in milliseconds.
    public var milliseconds: Int64 {
        let minute: Int64 = 60_000
        return switch self {
        case .oneMinute: minute
        case .threeMinutes: 3 * minute
        case .fiveMinutes: 5 * minute
        case .fifteenMinutes: 15 * minute
        case .thirtyMinutes: 30 * minute
        case .oneHour: 60 * minute
        case .twoHours: 120 * minute
        case .fourHours: 240 * minute
        case .sixHours: 360 * minute
        case .eightHours: 480 * minute
        case .twelveHours: 720 * minute
        case .oneDay: 1_440 * minute
        }
    }

    /// The open time of the bar containing `time` (both epoch milliseconds). Binance aligns every interval
    /// up to a day on the Unix epoch in UTC, so flooring to a multiple of the length is exact.
    public func openTime(containing time: Int64) -> Int64 {
        let remainder = time % milliseconds
        return time - (remainder < 0 ? remainder + milliseconds : remainder)
    }

    public var description: String { rawValue }
}
