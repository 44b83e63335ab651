import Fluent

/// Refresh tokens, stored as SHA-256 hashes. A used token keeps its row (with `used_at`) so that a second
/// use is recognised as theft and revokes the whole session.
struct CreateRefreshTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RefreshToken.schema)
            .id()
            .field("session_id", .uuid, .required, .references(UserSession.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash", name: "uq_refresh_tokens_hash")
            .create()
        try await database.createIndex("ix_refresh_tokens_session", on: RefreshToken.schema, columns: ["session_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RefreshToken.schema).delete()
    }
}
