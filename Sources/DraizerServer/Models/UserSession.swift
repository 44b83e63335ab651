import Fluent
import Foundation

/// One sign-in and the refresh tokens rotated from it; what "active sessions" lists and revokes.
// Unchecked Sendable: see `User`.
public final class UserSession: Model, @unchecked Sendable {
    public static let schema = "user_sessions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    /// Whether the sign-in passed a second factor (false only while 2FA enrolment is pending).
    @Field(key: "mfa_verified") public var mfaVerified: Bool
    @OptionalField(key: "ip_address") public var ipAddress: String?
    @OptionalField(key: "user_agent") public var userAgent: String?
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "revoked_reason") public var revokedReason: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
