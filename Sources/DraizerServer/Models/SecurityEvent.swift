import Fluent
import Foundation

/// Something a user should be able to see about their account's security: failed logins, lockouts,
/// 2FA changes, refresh-token reuse, password changes.
// Unchecked Sendable: see `User`.
public final class SecurityEvent: Model, @unchecked Sendable {
    public static let schema = "security_events"

    @ID(key: .id) public var id: UUID?
    @OptionalParent(key: "user_id") public var user: User?
    @Field(key: "event_type") public var eventType: String
    /// `info`, `warning` or `critical`.
    @Field(key: "severity") public var severity: String
    @OptionalField(key: "ip_address") public var ipAddress: String?
    @OptionalField(key: "user_agent") public var userAgent: String?
    @OptionalField(key: "details") public var details: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
