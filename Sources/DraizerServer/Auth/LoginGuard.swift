import Fluent
import SQLKit
import Vapor

/// Failed-attempt counting and lockout. Counters change with single UPDATE statements, so concurrent
/// failures from several instances are all counted.
enum LoginGuard {
    /// 423 with `Retry-After` while the account is locked.
    static func requireUnlocked(_ user: User, on request: Request) throws {
        guard let until = user.lockedUntil, until > request.now else { return }
        // Stored times keep sub-second noise; a 30-minute lock must not announce 1801 s.
        let seconds = max(1, Int((until.timeIntervalSince(request.now) - 0.001).rounded(.up)))
        throw Problem(.init(statusCode: 423, reasonPhrase: "Locked"), type: "account-locked", title: "Account locked",
                      detail: "Too many failed attempts. Try again in \(max(1, seconds / 60)) minute(s), or reset your password.",
                      headers: ["Retry-After": String(seconds)])
    }

    /// Counts a failure (wrong password or wrong second factor) and locks the account at the limit.
    static func recordFailure(_ user: User, kind: String, on request: Request) async throws {
        let userID = try user.requireID()
        let config = request.application.config
        guard let sql = request.db as? any SQLDatabase else { return }
        let row = try await sql.raw("""
            UPDATE users SET failed_login_attempts = failed_login_attempts + 1 WHERE id = \(bind: userID)
            RETURNING failed_login_attempts
            """).first()
        let attempts = try row?.decode(column: "failed_login_attempts", as: Int.self) ?? 0
        try await SecurityEvents.record(kind, severity: .warning, user: userID,
                                        details: ["attempt": String(attempts)], request: request)
        guard attempts >= config.maxLoginAttempts else { return }
        let until = request.now.addingTimeInterval(TimeInterval(config.lockoutDurationMinutes * 60))
        try await sql.update(User.schema)
            .set("locked_until", to: until).set("failed_login_attempts", to: 0)
            .where("id", .equal, userID)
            .run()
        try await SecurityEvents.record("account_locked", severity: .critical, user: userID,
                                        details: ["minutes": String(config.lockoutDurationMinutes)], request: request)
        try await AuditTrail.record("auth.lockout", outcome: .success, user: userID, request: request)
        try? await request.services.mailer.send(MailMessage(
            to: user.email, subject: "Your Draizer account was locked",
            body: """
            After \(attempts) failed sign-in attempts your account is locked for \(config.lockoutDurationMinutes) minutes.
            If this was not you, change your password once you can sign in again.
            """))
    }

    static func recordSuccess(_ user: User, on request: Request) async throws {
        user.failedLoginAttempts = 0
        user.lockedUntil = nil
        user.lastLoginAt = request.now
        user.lastLoginIP = request.clientIP
        try await user.save(on: request.db)
    }
}
