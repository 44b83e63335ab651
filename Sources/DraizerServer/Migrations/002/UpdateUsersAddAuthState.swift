import Fluent

/// What the accounts layer needs on `users` beyond the original columns.
struct UpdateUsersAddAuthState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        // Encrypted secret of an enrolment in progress; becomes `mfa_secret` once confirmed by a code.
        try await database.schema(User.schema).field("mfa_pending_secret", .string).update()
        // The last TOTP time step accepted: a code can only be used once.
        try await database.schema(User.schema).field("mfa_last_step", .int64).update()
        // Access tokens issued before this instant are void (password change, logout everywhere).
        try await database.schema(User.schema).field("tokens_valid_after", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["mfa_pending_secret", "mfa_last_step", "tokens_valid_after"] {
            try await database.schema(User.schema).deleteField(.string(column)).update()
        }
    }
}
