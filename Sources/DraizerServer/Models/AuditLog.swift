import Fluent
import Foundation

/// One line of the append-only audit trail. `user_id` is deliberately not a foreign key: the trail must
/// outlive a deleted account, and a database trigger rejects every UPDATE and DELETE on this table.
// Unchecked Sendable: see `User`.
public final class AuditLog: Model, @unchecked Sendable {
    public static let schema = "audit_logs"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "action") public var action: String
    @OptionalField(key: "resource_type") public var resourceType: String?
    @OptionalField(key: "resource_id") public var resourceID: String?
    /// `success`, `failure` or `denied`.
    @Field(key: "outcome") public var outcome: String
    @OptionalField(key: "ip_address") public var ipAddress: String?
    @OptionalField(key: "user_agent") public var userAgent: String?
    @OptionalField(key: "request_id") public var requestID: String?
    /// JSON object with event-specific facts; never secrets.
    @OptionalField(key: "details") public var details: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
