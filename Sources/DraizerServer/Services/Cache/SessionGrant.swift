import Fluent
import Foundation

/// What `AccessTokenMiddleware` needs to know about a session and its user, read once and then cached.
struct SessionGrant: Sendable {
    let userID: UUID
    let expiresAt: Date
    let isRevoked: Bool
    let mfaVerified: Bool
    let userIsActive: Bool
    /// Tokens issued before this instant are void (a password change, "log out everywhere").
    let tokensValidAfter: Date?

    /// The session's grant from the cache, or read from the database and cached; nil if there is no such
    /// session or user.
    static func current(_ sessionID: UUID, caches: AppCaches, on database: @autoclosure () -> any Database) async throws -> SessionGrant? {
        if let grant = caches.sessions.value(for: sessionID) { return grant }
        let ticket = caches.sessions.ticket()
        // Only a miss pays for a database handle (Fluent builds one per call, a cost on every request).
        let db = database()
        guard let session = try await UserSession.find(sessionID, on: db),
              let user = try await User.find(session.$user.id, on: db)
        else { return nil }
        let grant = SessionGrant(
            userID: session.$user.id, expiresAt: session.expiresAt, isRevoked: session.revokedAt != nil,
            mfaVerified: session.mfaVerified, userIsActive: user.isActive, tokensValidAfter: user.tokensValidAfter)
        caches.sessions.store(grant, for: sessionID, user: grant.userID, ticket: ticket)
        return grant
    }
}
