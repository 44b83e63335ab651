import Fluent
import Foundation

// Unchecked Sendable: see `User`.
public final class RefreshToken: Model, @unchecked Sendable {
    public static let schema = "refresh_tokens"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "session_id") public var session: UserSession
    /// SHA-256 of the token, hex: the token itself is only ever in the user's cookie.
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
