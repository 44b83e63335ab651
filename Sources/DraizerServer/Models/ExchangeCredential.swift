import Fluent
import Foundation

/// Encrypted exchange keys (SecretBox ciphertexts bound to the user and the field). Never returned by the
/// API: only `key_hint`, the key's last four characters, is shown.
// Unchecked Sendable: see `User`.
public final class ExchangeCredential: Model, @unchecked Sendable {
    public static let schema = "exchange_credentials"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    /// `binance_testnet`.
    @Field(key: "exchange") public var exchange: String
    @Field(key: "api_key") public var sealedAPIKey: String
    @Field(key: "secret_key") public var sealedSecretKey: String
    @Field(key: "key_hint") public var keyHint: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    static func context(_ userID: UUID, field: String) -> String { "exchange_credentials.\(field):\(userID.uuidString)" }
}
