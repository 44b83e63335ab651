import Fluent
import SQLKit

extension Database {
    /// A transaction that reads and then writes. On SQLite it starts with `BEGIN IMMEDIATE`, taking the
    /// single write lock before the first read: a deferred transaction that upgrades from reading to
    /// writing can collide with another writer and fail with "database is locked", where an immediate
    /// one simply waits its turn. On PostgreSQL it is an ordinary transaction (row locks do the rest).
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard !isPostgres, self is any SQLDatabase else {
            return try await transaction { try await body($0) }
        }
        return try await withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { return try await body(connection) }
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
