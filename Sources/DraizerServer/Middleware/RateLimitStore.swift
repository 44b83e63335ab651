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
        let count = try await RateLimitCounters.add([(bucket, window, 1)], on: sql)[bucket] ?? 0
        if window % 10 == 0, Int.random(in: 0..<500) == 0 { try await RateLimitCounters.sweep(before: window - 1, on: sql) }
        return count
    }
}

/// The shared `rate_limit_counters` table (PostgreSQL) of both stores.
enum RateLimitCounters {
    /// Adds `count` hits to each bucket's count for `window` (a new window starts from them) in one
    /// statement; answers each bucket's count so far.
    static func add(_ hits: [(bucket: String, window: Int64, count: Int)], on sql: any SQLDatabase) async throws -> [String: Int] {
        let rows = try await sql.raw("""
            INSERT INTO rate_limit_counters (bucket, window_start, count)
            SELECT * FROM unnest(\(bind: hits.map(\.bucket))::text[], \(bind: hits.map(\.window))::bigint[],
                                 \(bind: hits.map(\.count))::int[])
            ON CONFLICT (bucket) DO UPDATE SET
              count = CASE WHEN rate_limit_counters.window_start = excluded.window_start
                           THEN rate_limit_counters.count + excluded.count ELSE excluded.count END,
              window_start = excluded.window_start
            RETURNING bucket, count
            """).all()
        var totals: [String: Int] = [:]
        for row in rows {
            totals[try row.decode(column: "bucket", as: String.self)] = try row.decode(column: "count", as: Int.self)
        }
        return totals
    }

    /// Old windows are useless: dropping them bounds the table by the clients of one minute.
    static func sweep(before window: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM rate_limit_counters WHERE window_start < \(bind: window)").run()
    }
}

/// Counts in this process and shares the counts through the PostgreSQL table in one statement per
/// `interval`, instead of one per request (which made the general API limit the slowest part of every
/// request). This instance's own requests count at once; other instances' within `interval`, so a client
/// spreading requests over n instances can pass the limit by what it sends in one interval. The login and
/// analysis limits, where one request more matters, keep `SQLRateLimitStore`.
actor SharedRateLimitStore: RateLimitStore {
    private struct Counter {
        let window: Int64
        /// The shared count as of the last flush (this instance's flushed hits included).
        var shared = 0
        var flushing = 0
        var pending = 0
        var total: Int { shared + flushing + pending }
    }

    private let database: any Database
    private let interval: Duration
    private var counters: [String: Counter] = [:]
    private var lastFlush = ContinuousClock.now
    private var isFlushing = false

    init(database: any Database, interval: Duration = .milliseconds(250)) {
        self.database = database
        self.interval = interval
    }

    func hit(_ bucket: String, window: Int64) async throws -> Int {
        var counter = counters[bucket].flatMap { $0.window == window ? $0 : nil } ?? Counter(window: window)
        counter.pending += 1
        counters[bucket] = counter
        if !isFlushing, lastFlush.duration(to: .now) >= interval {
            isFlushing = true
            Task { await self.flush() }
        }
        return counter.total
    }

    private func flush() async {
        defer { isFlushing = false; lastFlush = .now }
        let current = counters.values.map(\.window).max() ?? 0
        counters = counters.filter { $0.value.window >= current - 1 }
        let due = counters.filter { $0.value.pending > 0 }
        guard !due.isEmpty, let sql = database as? any SQLDatabase else { return }
        for (bucket, var counter) in due {
            counter.flushing = counter.pending
            counter.pending = 0
            counters[bucket] = counter
        }
        let keys = Array(due.keys)
        let chunks = stride(from: 0, to: keys.count, by: 1000).map { Array(keys[$0..<min($0 + 1000, keys.count)]) }
        for (index, chunk) in chunks.enumerated() {
            do {
                let totals = try await RateLimitCounters.add(chunk.map { ($0, due[$0]!.window, due[$0]!.pending) }, on: sql)
                for bucket in chunk {
                    guard var counter = counters[bucket], counter.window == due[bucket]!.window else { continue }
                    counter.shared = max(counter.shared + counter.flushing, totals[bucket] ?? 0)
                    counter.flushing = 0
                    counters[bucket] = counter
                }
            } catch {
                // This chunk and the ones after it were not counted: their hits go out with the next flush.
                for bucket in chunks[index...].joined() {
                    guard var counter = counters[bucket] else { continue }
                    counter.pending += counter.flushing
                    counter.flushing = 0
                    counters[bucket] = counter
                }
                return
            }
        }
        if Int.random(in: 0..<200) == 0 { try? await RateLimitCounters.sweep(before: current - 1, on: sql) }
    }
}
