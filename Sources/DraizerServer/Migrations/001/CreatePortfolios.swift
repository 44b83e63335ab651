import Fluent
import SQLKit

struct CreatePortfolios: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Portfolio.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("balance_usd", .int64, .required)
            .field("initial_balance_usd", .int64, .required)
            .field("realized_pnl", .int64, .required, .sql(.default(0)))
            .field("fees_paid", .int64, .required, .sql(.default(0)))
            .field("run_number", .int, .required, .sql(.default(1)))
            .field("run_started_at", .datetime, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // One portfolio per user; the unique index also serves every lookup by user.
            .unique(on: "user_id", name: "uq_portfolios_user_id")
            // The ledger's invariant, enforced by the database as a last line of defence.
            .constraint(.sql(.check(SQLRaw("balance_usd >= 0"))))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Portfolio.schema).delete()
    }
}
