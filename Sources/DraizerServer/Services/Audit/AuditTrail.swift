import Fluent
import Foundation
import Vapor

/// Appends to `audit_logs`. The trail is written in the same database (and, where the caller passes its
/// transaction, the same transaction) as the change it records.
enum AuditTrail {
    enum Outcome: String { case success, failure, denied }

    static func record(
        _ action: String, outcome: Outcome, user: UUID?, resource: (type: String, id: String)? = nil,
        details: [String: String] = [:], request: Request, on database: (any Database)? = nil
    ) async throws {
        try await record(action, outcome: outcome, user: user, resource: resource, details: details,
                         context: request.actionContext, on: database)
    }

    static func record(
        _ action: String, outcome: Outcome, user: UUID?, resource: (type: String, id: String)? = nil,
        details: [String: String] = [:], context: ActionContext, on database: (any Database)? = nil
    ) async throws {
        let entry = AuditLog()
        entry.userID = user
        entry.action = action
        entry.outcome = outcome.rawValue
        entry.resourceType = resource?.type
        entry.resourceID = resource?.id
        entry.ipAddress = context.clientIP
        entry.userAgent = context.userAgent
        entry.requestID = context.requestID
        entry.details = details.isEmpty ? nil : JSONObject(details).text
        try await entry.create(on: database ?? context.db)
    }
}

/// What a user can see about their own account's security.
enum SecurityEvents {
    enum Severity: String { case info, warning, critical }

    static func record(
        _ type: String, severity: Severity, user: UUID?, details: [String: String] = [:],
        request: Request, on database: (any Database)? = nil
    ) async throws {
        let event = SecurityEvent()
        event.$user.id = user
        event.eventType = type
        event.severity = severity.rawValue
        event.ipAddress = request.clientIP
        event.userAgent = request.userAgent
        event.details = details.isEmpty ? nil : JSONObject(details).text
        try await event.create(on: database ?? request.db)
        request.logger.notice("security event", metadata: ["event": .string(type), "user": .string(user?.uuidString ?? "-")])
    }
}
