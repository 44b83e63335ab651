import Fluent
import Vapor

/// `draizer user list | lock EMAIL | unlock EMAIL | reset-2fa EMAIL`: what an operator needs when a user is
/// stuck. Every change is written to the audit trail as done by the operator.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "list, lock, unlock or reset-2fa")
        var action: String
        @Option(name: "email", help: "the user's email (or give it as the second argument)")
        var email: String?
        @Option(name: "minutes", help: "lock duration (default: LOCKOUT_DURATION_MINUTES)")
        var minutes: Int?
    }

    var help: String { "Lists users, locks and unlocks accounts, resets a user's two-factor authentication." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "list":
            let users = try await User.query(on: app.db).sort(\.$createdAt).all()
            context.console.print("email\tusername\tverified\t2fa\tlocked_until\tcreated_at")
            for user in users {
                let locked = user.lockedUntil.map { $0 > Date() ? ISO8601DateFormatter().string(from: $0) : "-" } ?? "-"
                context.console.print("\(user.email)\t\(user.username)\t\(user.isVerified)\t\(user.mfaEnabled)\t\(locked)\t\(user.createdAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-")")
            }
        case "lock", "unlock", "reset-2fa":
            guard let email = signature.email?.lowercased(),
                  let user = try await User.query(on: app.db).filter(\.$email == email).first()
            else { throw Abort(.notFound, reason: "no user with email \(signature.email ?? "(none given: use --email)")") }
            let userID = try user.requireID()
            switch signature.action {
            case "lock":
                let minutes = signature.minutes ?? app.config.lockoutDurationMinutes
                user.lockedUntil = Date().addingTimeInterval(TimeInterval(minutes * 60))
                try await user.save(on: app.db)
                try await SessionIssuer.revokeAll(of: userID, reason: "locked_by_operator", on: app.db, at: Date(),
                                                  caches: app.services.caches)
                try await record("operator.user.lock", user: userID, details: ["minutes": String(minutes)], app: app)
                context.console.print("locked \(email) for \(minutes) minutes and ended their sessions")
            case "unlock":
                user.lockedUntil = nil
                user.failedLoginAttempts = 0
                try await user.save(on: app.db)
                try await record("operator.user.unlock", user: userID, app: app)
                context.console.print("unlocked \(email)")
            default:
                try await app.db.transaction { db in
                    user.mfaEnabled = false
                    user.mfaSecret = nil
                    user.mfaPendingSecret = nil
                    user.mfaLastStep = nil
                    try await user.save(on: db)
                    try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
                    try await UserSession.query(on: db).filter(\.$user.$id == userID).set(\.$mfaVerified, to: false).update()
                    try await record("operator.user.reset_2fa", user: userID, app: app, on: db)
                    let event = SecurityEvent()
                    event.$user.id = userID
                    event.eventType = "mfa_reset_by_operator"
                    event.severity = SecurityEvents.Severity.critical.rawValue
                    try await event.create(on: db)
                }
                context.console.print("reset two-factor authentication of \(email); they enrol again at their next sign-in")
            }
        default:
            throw Abort(.badRequest, reason: "unknown action '\(signature.action)': use list, lock, unlock or reset-2fa")
        }
    }

    private func record(
        _ action: String, user: UUID, details: [String: String] = [:], app: Application, on database: (any Database)? = nil
    ) async throws {
        try await AuditTrail.record(action, outcome: .success, user: user, details: details,
                                    context: app.operatorContext(command: "user"), on: database)
    }
}
