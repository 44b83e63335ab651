import Fluent
import Foundation
import SQLKit
import Vapor

/// This instance's PostgreSQL connection pool, as the database sees it: Fluent does not expose its pool's
/// counts, so the pool's connections carry an `application_name` of their own and the metrics count them
/// in `pg_stat_activity` when scraped (the scrape's own query is one of the busy ones).
struct DatabasePool: Sendable {
    struct Key: StorageKey { typealias Value = DatabasePool }

    let name: String
    let maxConnections: Int

    static func name() -> String {
        String("draizer-pool-\(ProcessInfo.processInfo.hostName)-\(getpid())".prefix(63))
    }

    /// Connections by what they do now: `busy` (running a statement or holding a transaction) or `idle`.
    func connections(on db: any Database) async -> [String: Int]? {
        guard let sql = db as? any SQLDatabase,
              let rows = try? await sql.raw("""
                  SELECT CASE WHEN state = 'idle' THEN 'idle' ELSE 'busy' END AS use, COUNT(*) AS connections
                  FROM pg_stat_activity WHERE application_name = \(bind: name) GROUP BY 1
                  """).all()
        else { return nil }
        var counts = ["busy": 0, "idle": 0]
        for row in rows {
            if let use = try? row.decode(column: "use", as: String.self),
               let count = try? row.decode(column: "connections", as: Int.self) { counts[use] = count }
        }
        return counts
    }
}
