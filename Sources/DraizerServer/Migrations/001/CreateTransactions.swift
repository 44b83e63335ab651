import Fluent
import SQLKit

struct CreateTransactions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PortfolioTransaction.schema)
            .id()
            .field("portfolio_id", .uuid, .required, .references(Portfolio.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("symbol", .string, .required)
            .field("side", .string, .required)
            .field("quantity", .int64, .required)
            .field("price", .int64, .required)
            .field("quote_amount", .int64, .required)
            .field("fee", .int64, .required)
            .field("fee_asset", .string, .required)
            .field("realized_pnl", .int64)
            .field("venue", .string, .required)
            .field("source", .string, .required)
            .field("exchange_order_id", .string)
            .field("idempotency_key", .string)
            .field("run_number", .int, .required)
            .field("created_at", .datetime)
            // A retried order with the same key finds the first result instead of trading twice.
            .unique(on: "portfolio_id", "idempotency_key", name: "uq_transactions_idempotency")
            .constraint(.sql(.check(SQLRaw("side IN ('buy', 'sell')"))))
            .create()
        // History pages and the equity curve read a portfolio's transactions newest first.
        try await database.createIndex("ix_transactions_portfolio_created", on: PortfolioTransaction.schema,
                                       columns: ["portfolio_id", "created_at"])
        try await database.createIndex("ix_transactions_user_created", on: PortfolioTransaction.schema,
                                       columns: ["user_id", "created_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PortfolioTransaction.schema).delete()
    }
}
