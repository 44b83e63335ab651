import Fluent
import SQLKit

/// Counts requests per bucket in fixed one-minute windows. In memory for a single SQLite instance; in a
/// PostgreSQL table when several instances must share the counts. A Redis store would fit the same shape.
protocol RateLimitStore: Sendable {
    /// Counts one request in `bucket` for `window` and returns the count so far in that window.
    func hit(_ bucket: String, window: Int64) async throws -> Int
}

actor InMemoryRateLimitStore: RateLimitStore {
    private var counters: [String: (window: Int64, count: Int)] = [:]
    private var lastSweep: Int64 = 0

    func hit(_ bucket: String, window: Int64) async throws -> Int {
        if window != lastSweep {
            // Old windows are useless; dropping them bounds memory by the clients of one minute.
            counters = counters.filter { $0.value.window >= window }
            lastSweep = window
        }
        let count = counters[bucket].map { $0.window == window ? $0.count + 1 : 1 } ?? 1
        counters[bucket] = (window, count)
        return count
    }
}

/// One atomic upsert per request: correct across instances without locks held in Swift.
struct SQLRateLimitStore: RateLimitStore {
    let database: any Database

    func hit(_ bucket: String, window: Int64) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { return 0 }
        let row = try await sql.raw("""
            INSERT INTO rate_limit_counters (bucket, window_start, count) VALUES (\(bind: bucket), \(bind: window), 1)
            ON CONFLICT (bucket) DO UPDATE SET
              count = CASE WHEN rate_limit_counters.window_start = excluded.window_start
                           THEN rate_limit_counters.count + 1 ELSE 1 END,
              window_start = excluded.window_start
            RETURNING count
            """).first()
        if window % 10 == 0, bucket.hasSuffix(":sweep") == false, Int.random(in: 0..<500) == 0 {
            try await sql.raw("DELETE FROM rate_limit_counters WHERE window_start < \(bind: window - 1)").run()
        }
        return try row?.decode(column: "count", as: Int.self) ?? 0
    }
}
