import Fluent
import Foundation

/// A person with an account. Emails are stored lower-cased so uniqueness ignores case.
// Fluent models are classes with property wrappers that cannot be checked for Sendable; each instance is
// used by one request at a time, which is what makes the unchecked conformance safe (Vapor's template does the same).
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "username") public var username: String
    @Field(key: "hashed_password") public var hashedPassword: String
    @OptionalField(key: "full_name") public var fullName: String?
    @Field(key: "is_active") public var isActive: Bool
    @Field(key: "is_verified") public var isVerified: Bool
    @Field(key: "is_superuser") public var isSuperuser: Bool
    @Field(key: "mfa_enabled") public var mfaEnabled: Bool
    /// AES-GCM ciphertext (with key id) of the TOTP secret; never the secret itself.
    @OptionalField(key: "mfa_secret") public var mfaSecret: String?
    @Field(key: "failed_login_attempts") public var failedLoginAttempts: Int
    @OptionalField(key: "locked_until") public var lockedUntil: Date?
    @OptionalField(key: "last_login_at") public var lastLoginAt: Date?
    @OptionalField(key: "last_login_ip") public var lastLoginIP: String?
    @OptionalField(key: "password_changed_at") public var passwordChangedAt: Date?
    @OptionalField(key: "mfa_pending_secret") public var mfaPendingSecret: String?
    @OptionalField(key: "mfa_last_step") public var mfaLastStep: Int64?
    @OptionalField(key: "tokens_valid_after") public var tokensValidAfter: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, email: String, username: String, hashedPassword: String) {
        self.id = id
        self.email = email.lowercased()
        self.username = username
        self.hashedPassword = hashedPassword
        self.isActive = true
        self.isVerified = false
        self.isSuperuser = false
        self.mfaEnabled = false
        self.failedLoginAttempts = 0
    }
}
