import Fluent

/// Fixed-window request counters shared by every server instance on one PostgreSQL.
struct CreateRateLimitCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_limit_counters")
            .field("bucket", .string, .identifier(auto: false))
            .field("window_start", .int64, .required)
            .field("count", .int, .required)
            .create()
        try await database.createIndex("ix_rate_limit_counters_window", on: "rate_limit_counters", columns: ["window_start"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rate_limit_counters").delete()
    }
}
