import Fluent
import SQLKit

struct CreatePositions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Position.schema)
            .id()
            .field("portfolio_id", .uuid, .required, .references(Portfolio.schema, "id", onDelete: .cascade))
            .field("symbol", .string, .required)
            .field("quantity", .int64, .required, .sql(.default(0)))
            .field("average_entry_price", .int64, .required, .sql(.default(0)))
            .field("realized_pnl", .int64, .required, .sql(.default(0)))
            .field("opened_at", .datetime)
            .field("closed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "portfolio_id", "symbol", name: "uq_positions_portfolio_symbol")
            .constraint(.sql(.check(SQLRaw("quantity >= 0"))))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Position.schema).delete()
    }
}
