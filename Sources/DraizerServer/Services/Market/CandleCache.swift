import DraizerCore
import DraizerMarket
import Foundation
import Fluent
import Logging
import SQLKit

extension Problem {
    /// The market-data source failed to answer (502, retry shortly).
    static func marketUnavailable(_ source: MarketSourceKind, _ error: any Error) -> Problem {
        Problem(.badGateway, type: "market-unavailable", title: "Market data unavailable",
                detail: "The \(source.rawValue) market did not answer: \(error)", headers: ["Retry-After": "5"])
    }
}

/// Closed candles from `market_data`, fetched from the source and stored when the cache has fewer than
/// asked for. Inserts are idempotent upserts on (source, symbol, interval, open_time).
enum CandleCache {
    static func candles(
        of symbol: Symbol, interval: CandleInterval, start: Int64?, end: Int64?, limit: Int, now: Int64,
        source: any MarketDataSource, on db: any Database
    ) async throws -> [Candle] {
        let cached = try await read(symbol, interval, start: start, end: end, limit: limit, source: source.kind, on: db)
        // A closed range that the cache covers completely never changes; "the latest N" always asks the source.
        if let start, let end, end <= now, isComplete(cached, interval: interval, start: start, end: end, limit: limit) {
            return cached
        }
        let fetched: [Candle]
        do {
            fetched = try await source.candles(of: symbol, interval: interval, start: start, end: end, limit: limit)
        } catch {
            // The cache is better than nothing when the source is down.
            if !cached.isEmpty { return cached }
            throw Problem.marketUnavailable(source.kind, error)
        }
        try await store(fetched, symbol: symbol, interval: interval, source: source.kind, on: db)
        return fetched
    }

    /// Persists every closed candle the live stream delivers (backfilled ones included), so the cache
    /// has no holes where the server was listening.
    static func record(closedCandlesFrom events: AsyncStream<MarketEvent>, source: MarketSourceKind, on db: any Database, logger: Logger) async {
        for await event in events {
            guard case .candle(let update) = event, update.isClosed else { continue }
            do {
                try await store([update.candle], symbol: update.symbol, interval: update.interval, source: source, on: db)
            } catch {
                logger.warning("closed candle not stored: \(String(reflecting: error))")
            }
        }
    }

    static func store(_ candles: [Candle], symbol: Symbol, interval: CandleInterval, source: MarketSourceKind, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, !candles.isEmpty else { return }
        for chunk in stride(from: 0, to: candles.count, by: 200).map({ Array(candles[$0..<min($0 + 200, candles.count)]) }) {
            var insert = sql.insert(into: MarketCandle.schema)
                .columns("id", "source", "symbol", "interval", "open_time", "close_time", "open", "high", "low", "close",
                         "volume", "quote_volume", "trade_count")
            for candle in chunk {
                insert = insert.values(SQLBind(UUID()), SQLBind(source.rawValue), SQLBind(symbol.rawValue), SQLBind(interval.rawValue),
                                       SQLBind(candle.openTime), SQLBind(candle.openTime + interval.milliseconds - 1),
                                       SQLBind(candle.open.units), SQLBind(candle.high.units), SQLBind(candle.low.units),
                                       SQLBind(candle.close.units), SQLBind(candle.volume.units), SQLBind(Int64(0)), SQLBind(0))
            }
            try await insert.ignoringConflicts(with: ["source", "symbol", "interval", "open_time"]).run()
        }
    }

    private static func read(
        _ symbol: Symbol, _ interval: CandleInterval, start: Int64?, end: Int64?, limit: Int, source: MarketSourceKind,
        on db: any Database
    ) async throws -> [Candle] {
        var query = MarketCandle.query(on: db)
            .filter(\.$source == source.rawValue).filter(\.$symbol == symbol.rawValue).filter(\.$interval == interval.rawValue)
        if let start { query = query.filter(\.$openTime >= start) }
        if let end { query = query.filter(\.$openTime < end) }
        let rows = try await query.sort(\.$openTime, start == nil ? .descending : .ascending).limit(limit).all()
        return rows.compactMap { row in
            try? Candle(openTime: row.openTime, open: Price(units: row.openUnits), high: Price(units: row.highUnits),
                        low: Price(units: row.lowUnits), close: Price(units: row.closeUnits), volume: Quantity(units: row.volumeUnits))
        }.sorted { $0.openTime < $1.openTime }
    }

    private static func isComplete(_ candles: [Candle], interval: CandleInterval, start: Int64, end: Int64, limit: Int) -> Bool {
        Int64(candles.count) >= min(Int64(limit), (end - start) / interval.milliseconds)
    }
}
