import Fluent
import SQLKit

struct CreateAIDecisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AIDecision.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("symbol", .string, .required)
            .field("action", .string, .required)
            .field("confidence", .int, .required)
            .field("reasoning", .string, .required)
            .field("suggested_amount_usd", .int64)
            .field("stop_loss", .int64)
            .field("take_profit", .int64)
            .field("invalidation", .string)
            .field("engine", .string, .required)
            .field("model", .string)
            .field("prompt", .string)
            .field("raw_response", .string)
            .field("market_snapshot", .string, .required)
            .field("guardrail_notes", .string)
            .field("latency_ms", .int, .required)
            .field("prompt_tokens", .int)
            .field("completion_tokens", .int)
            .field("cached_tokens", .int)
            .field("cost_usd", .int64)
            .field("executed", .bool, .required, .sql(.default(false)))
            .field("transaction_id", .uuid,
                   .references(PortfolioTransaction.schema, "id", onDelete: .setNull))
            .field("error", .string)
            .field("created_at", .datetime)
            .constraint(.sql(.check(SQLRaw("action IN ('BUY', 'SELL', 'HOLD')"))))
            .constraint(.sql(.check(SQLRaw("confidence BETWEEN 0 AND 100"))))
            .create()
        try await database.createIndex("ix_ai_decisions_user_created", on: AIDecision.schema,
                                       columns: ["user_id", "created_at"])
        try await database.createIndex("ix_ai_decisions_transaction", on: AIDecision.schema,
                                       columns: ["transaction_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AIDecision.schema).delete()
    }
}
