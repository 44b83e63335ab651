import Fluent

/// A user's own exchange API keys (Binance Spot Testnet), both halves encrypted, and the venue their
/// portfolio trades on.
struct CreateExchangeCredentials: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ExchangeCredential.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("exchange", .string, .required)
            .field("api_key", .string, .required)
            .field("secret_key", .string, .required)
            .field("key_hint", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id", "exchange", name: "uq_exchange_credentials_user_exchange")
            .create()
        try await database.schema(Portfolio.schema).field("venue", .string, .required, .sql(.default("paper"))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Portfolio.schema).deleteField("venue").update()
        try await database.schema(ExchangeCredential.schema).delete()
    }
}
