import Fluent

struct CreateSecurityEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SecurityEvent.schema)
            .id()
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .cascade))
            .field("event_type", .string, .required)
            .field("severity", .string, .required)
            .field("ip_address", .string)
            .field("user_agent", .string)
            .field("details", .string)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("ix_security_events_user_created", on: SecurityEvent.schema,
                                       columns: ["user_id", "created_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SecurityEvent.schema).delete()
    }
}
