import Fluent
import SQLKit

/// What a decision record needs beyond the original design's columns: what triggered it, the price and
/// source it saw, the guardrails' verdict, a stable error code, the model's chain of thought, and the
/// scheduled cycle it belongs to — unique per user, so a cycle can be recorded once however many
/// instances try.
struct UpdateAIDecisionsAddCycle: AsyncMigration {
    private static let columns: [(String, DatabaseSchema.DataType)] = [
        ("trigger", .string), ("price", .int64), ("source", .string), ("verdict", .string), ("error_code", .string),
        ("reasoning_content", .string), ("attempts", .int), ("cycle_ms", .int64),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        for (name, type) in Self.columns {
            try await database.schema(AIDecision.schema).field(.string(name), type).update()
        }
        try await database.createIndex("uq_ai_decisions_user_cycle", on: AIDecision.schema,
                                       columns: ["user_id", "cycle_ms"], unique: true)
    }

    func revert(on database: any Database) async throws {
        // SQLite cannot drop an indexed column.
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "uq_ai_decisions_user_cycle").run()
        }
        for (name, _) in Self.columns.reversed() {
            try await database.schema(AIDecision.schema).deleteField(.string(name)).update()
        }
    }
}
