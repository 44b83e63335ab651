import Fluent

struct CreateMarketData: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MarketCandle.schema)
            .id()
            .field("source", .string, .required)
            .field("symbol", .string, .required)
            .field("interval", .string, .required)
            .field("open_time", .int64, .required)
            .field("close_time", .int64, .required)
            .field("open", .int64, .required)
            .field("high", .int64, .required)
            .field("low", .int64, .required)
            .field("close", .int64, .required)
            .field("volume", .int64, .required)
            .field("quote_volume", .int64, .required)
            .field("trade_count", .int, .required, .sql(.default(0)))
            .field("created_at", .datetime)
            // The upsert key, and the index every candle range query walks (symbol, interval, time order).
            .unique(on: "source", "symbol", "interval", "open_time", name: "uq_market_data_candle")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MarketCandle.schema).delete()
    }
}
