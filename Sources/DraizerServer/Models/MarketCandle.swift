import Fluent
import Foundation

/// A closed candle in the `market_data` cache. Times are Binance's epoch milliseconds; prices and volumes
/// are 10⁻⁸ units. `source` keeps simulated or replayed candles apart from real ones.
// Unchecked Sendable: see `User`.
public final class MarketCandle: Model, @unchecked Sendable {
    public static let schema = "market_data"

    @ID(key: .id) public var id: UUID?
    @Field(key: "source") public var source: String
    @Field(key: "symbol") public var symbol: String
    @Field(key: "interval") public var interval: String
    @Field(key: "open_time") public var openTime: Int64
    @Field(key: "close_time") public var closeTime: Int64
    @Field(key: "open") public var openUnits: Int64
    @Field(key: "high") public var highUnits: Int64
    @Field(key: "low") public var lowUnits: Int64
    @Field(key: "close") public var closeUnits: Int64
    @Field(key: "volume") public var volumeUnits: Int64
    @Field(key: "quote_volume") public var quoteVolumeUnits: Int64
    @Field(key: "trade_count") public var tradeCount: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
