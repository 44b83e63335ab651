import Crypto
import Fluent
import SQLKit
import Vapor

/// Starts sessions and rotates their refresh tokens.
enum SessionIssuer {
    struct Issued {
        let accessToken: String
        let refreshToken: String
        let csrfToken: String
        let session: UserSession
    }

    /// A new session with its first refresh token, and an access token for it.
    static func start(for user: User, mfaVerified: Bool, on request: Request) async throws -> Issued {
        let session = UserSession()
        session.$user.id = try user.requireID()
        session.mfaVerified = mfaVerified
        session.ipAddress = request.clientIP
        session.userAgent = request.userAgent
        session.expiresAt = request.now.addingTimeInterval(AuthCookies.refreshLifetime)
        session.lastUsedAt = request.now
        try await session.create(on: request.db)
        return try await issue(for: session, user: user, on: request.db, request: request)
    }

    /// Rotates the refresh token in the cookie: the old one is marked used in the same statement that checks
    /// it was unused, so two concurrent refreshes cannot both succeed. A token that was already used means
    /// it was copied: the whole session is revoked and the user is told.
    static func rotate(_ presented: String, on request: Request) async throws -> (Issued, User) {
        let hash = tokenHash(presented)
        guard let token = try await RefreshToken.query(on: request.db).filter(\.$tokenHash == hash).first(),
              let session = try await UserSession.find(token.$session.id, on: request.db),
              let user = try await User.find(session.$user.id, on: request.db)
        else { throw Problem.unauthorized("The refresh token is not valid; sign in again.") }
        let now = request.now
        guard token.usedAt == nil, try await markUsed(token, at: now, on: request.db) else {
            try await revoke(session, reason: "refresh_token_reuse", on: request.db, at: now)
            try await SecurityEvents.record("refresh_token_reuse", severity: .critical, user: user.id,
                                            details: ["session_id": session.id?.uuidString ?? ""], request: request)
            try await AuditTrail.record("auth.refresh", outcome: .denied, user: user.id,
                                        details: ["reason": "token reuse; session revoked"], request: request)
            throw Problem.unauthorized("This refresh token was already used; the session has been ended for safety. Sign in again.")
        }
        guard session.revokedAt == nil, session.expiresAt > now, token.expiresAt > now, user.isActive else {
            throw Problem.unauthorized("The session has ended; sign in again.")
        }
        session.expiresAt = now.addingTimeInterval(AuthCookies.refreshLifetime)
        session.lastUsedAt = now
        try await session.save(on: request.db)
        return (try await issue(for: session, user: user, on: request.db, request: request), user)
    }

    static func revoke(_ session: UserSession, reason: String, on database: any Database, at now: Date) async throws {
        guard session.revokedAt == nil else { return }
        session.revokedAt = now
        session.revokedReason = reason
        try await session.save(on: database)
    }

    static func revokeAll(
        of userID: UUID, reason: String, except keep: UUID? = nil, on database: any Database, at now: Date, caches: AppCaches
    ) async throws {
        var query = UserSession.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$revokedAt == nil)
        if let keep { query = query.filter(\.$id != keep) }
        try await query.set(\.$revokedAt, to: now).set(\.$revokedReason, to: reason).update()
        // A bulk update passes no model middleware: evict here.
        caches.userChanged(userID)
    }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func issue(for session: UserSession, user: User, on database: any Database, request: Request) async throws -> Issued {
        let refresh = randomToken()
        let token = RefreshToken()
        token.$session.id = try session.requireID()
        token.tokenHash = tokenHash(refresh)
        token.expiresAt = request.now.addingTimeInterval(AuthCookies.refreshLifetime)
        try await token.create(on: database)
        let access = try await request.services.tokens.issue(
            .access, subject: try user.requireID(), session: try session.requireID(), lifetime: TokenService.accessLifetime)
        return Issued(accessToken: access.token, refreshToken: refresh, csrfToken: randomToken(), session: session)
    }

    private static func markUsed(_ token: RefreshToken, at now: Date, on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { return false }
        let rows = try await sql.update(RefreshToken.schema)
            .set("used_at", to: now)
            .where("id", .equal, try token.requireID())
            .where("used_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return rows.count == 1
    }
}
