import Fluent

/// The equity curve: a snapshot on every trade and at a regular interval.
struct CreateEquitySnapshots: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EquitySnapshot.schema)
            .id()
            .field("portfolio_id", .uuid, .required, .references(Portfolio.schema, "id", onDelete: .cascade))
            .field("run_number", .int, .required)
            .field("equity", .int64, .required)
            .field("cash", .int64, .required)
            .field("reason", .string, .required)
            .field("taken_at", .datetime, .required)
            .create()
        try await database.createIndex("ix_equity_snapshots_portfolio_taken", on: EquitySnapshot.schema,
                                       columns: ["portfolio_id", "taken_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EquitySnapshot.schema).delete()
    }
}
