import Fluent

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("email", .string, .required)
            .field("username", .string, .required)
            .field("hashed_password", .string, .required)
            .field("full_name", .string)
            .field("is_active", .bool, .required, .sql(.default(true)))
            .field("is_verified", .bool, .required, .sql(.default(false)))
            .field("is_superuser", .bool, .required, .sql(.default(false)))
            .field("mfa_enabled", .bool, .required, .sql(.default(false)))
            .field("mfa_secret", .string)
            .field("failed_login_attempts", .int, .required, .sql(.default(0)))
            .field("locked_until", .datetime)
            .field("last_login_at", .datetime)
            .field("last_login_ip", .string)
            .field("password_changed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email", name: "uq_users_email")
            .unique(on: "username", name: "uq_users_username")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
