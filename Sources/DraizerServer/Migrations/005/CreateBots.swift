import Fluent
import SQLKit

/// One bot per user, with the columns the scheduler claims due cycles by.
struct CreateBots: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Bot.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("symbol", .string, .required)
            .field("interval_minutes", .int, .required)
            .field("engine", .string, .required)
            .field("status", .string, .required)
            .field("paused_reason", .string)
            .field("paused_until_ms", .int64)
            .field("max_position_bps", .int, .required)
            .field("max_order_usd", .int64, .required)
            .field("min_confidence", .int, .required)
            .field("cooldown_minutes", .int, .required)
            .field("daily_loss_limit_bps", .int)
            .field("require_stop_loss", .bool, .required)
            .field("notify_trades", .bool, .required)
            .field("notify_guardrails", .bool, .required)
            .field("notify_pauses", .bool, .required)
            .field("next_run_ms", .int64)
            .field("last_run_ms", .int64)
            .field("claimed_by", .string)
            .field("claimed_until_ms", .int64)
            .field("consecutive_failures", .int, .required, .sql(.default(0)))
            .field("last_trade_ms", .int64)
            .field("day_start_date", .string)
            .field("day_start_equity", .int64)
            .field("exit_stop_loss", .int64)
            .field("exit_take_profit", .int64)
            .field("exit_invalidation", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id", name: "uq_bots_user")
            .constraint(.sql(.check(SQLRaw("status IN ('running', 'stopped', 'paused')"))))
            .constraint(.sql(.check(SQLRaw("engine IN ('llm', 'rules')"))))
            .constraint(.sql(.check(SQLRaw("interval_minutes BETWEEN 1 AND 1440"))))
            .constraint(.sql(.check(SQLRaw("min_confidence BETWEEN 0 AND 100"))))
            .create()
        // The scheduler's claim: running bots by due time.
        try await database.createIndex("ix_bots_status_next_run", on: Bot.schema, columns: ["status", "next_run_ms"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Bot.schema).delete()
    }
}
