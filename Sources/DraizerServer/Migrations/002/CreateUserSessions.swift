import Fluent

/// A login session: the family of refresh tokens that descend from one sign-in.
struct CreateUserSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mfa_verified", .bool, .required)
            .field("ip_address", .string)
            .field("user_agent", .string)
            .field("expires_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("revoked_reason", .string)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("ix_user_sessions_user", on: UserSession.schema, columns: ["user_id", "revoked_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserSession.schema).delete()
    }
}
