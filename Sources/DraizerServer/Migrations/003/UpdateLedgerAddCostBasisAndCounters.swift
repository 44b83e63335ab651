import Fluent

/// What restoring the core ledger exactly needs: a position's cost basis (buy amounts plus buy fees, so
/// realized P&L is net of every fee) and the portfolio's trade counters.
struct UpdateLedgerAddCostBasisAndCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        try await database.schema(Position.schema).field("cost_basis", .int64, .required, .sql(.default(0))).update()
        for column in ["trade_count", "winning_sells", "losing_sells"] {
            try await database.schema(Portfolio.schema).field(.string(column), .int, .required, .sql(.default(0))).update()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Position.schema).deleteField("cost_basis").update()
        for column in ["trade_count", "winning_sells", "losing_sells"] {
            try await database.schema(Portfolio.schema).deleteField(.string(column)).update()
        }
    }
}
