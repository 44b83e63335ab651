import Fluent

/// A version on each portfolio, incremented by every write to its ledger (trade, reset, venue switch): an
/// order books only on the version it was checked against, and a cached ledger knows whether it is current.
struct UpdatePortfoliosAddVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Portfolio.schema).field("version", .int64, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Portfolio.schema).deleteField("version").update()
    }
}
