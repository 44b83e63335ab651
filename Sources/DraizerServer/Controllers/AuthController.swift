import DraizerCore
import Fluent
import Vapor

/// `/api/v1/auth`: registration, sign-in with a second factor, refresh, logout, 2FA enrolment, password
/// and email verification.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        auth.post("register", use: register)
        auth.post("login", use: login)
        auth.post("mfa", "verify", use: verifyMFA)
        auth.post("refresh", use: refresh)
        auth.post("logout", use: logout)
        auth.post("verify-email", use: verifyEmail)

        let enrolling = auth.chained(AccessTokenMiddleware(allowsPendingMFA: true))
        enrolling.post("mfa", "setup", use: setupMFA)
        enrolling.post("mfa", "enable", use: enableMFA)
        enrolling.post("logout-all", use: logoutAll)
        enrolling.post("verify-email", "resend", use: resendVerification)

        let signedIn = auth.chained(AccessTokenMiddleware(allowsPendingMFA: false))
        signedIn.post("mfa", "disable", use: disableMFA)
        signedIn.post("mfa", "recovery-codes", use: regenerateRecoveryCodes)
        signedIn.post("password", "change", use: changePassword)
    }

    @Sendable func register(req: Request) async throws -> Response {
        let body = try req.decodeStrict(RegisterRequest.self)
        let config = req.application.config
        let email = try FieldRules.email(body.email)
        let username = try FieldRules.username(body.username)
        let fullName = try FieldRules.fullName(body.fullName)
        try FieldRules.password(body.password, minLength: config.passwordMinLength,
                                personal: [username, String(email.split(separator: "@")[0])])
        let hash = try await req.services.passwords.hash(body.password)
        let user = User(email: email, username: username, hashedPassword: hash)
        user.fullName = fullName
        user.passwordChangedAt = req.now
        do {
            try await req.db.transaction { db in
                try await user.create(on: db)
                let portfolio = Portfolio(userID: try user.requireID(), initialBalance: config.initialBalance, now: req.now)
                try await portfolio.create(on: db)
                // The equity curve starts at the initial balance, not at the first trade.
                try await LedgerStore.snapshot(PortfolioState(initialCash: config.initialBalance), marks: [:], portfolio: portfolio,
                                               reason: "start", at: req.now, on: db)
                try await AuditTrail.record("auth.register", outcome: .success, user: user.id, request: req, on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem(.conflict, type: "account-exists", title: "Account exists",
                          detail: "That email or username is already registered.")
        }
        try await sendVerificationEmail(to: user, on: req)
        let issued = try await SessionIssuer.start(for: user, mfaVerified: false, on: req)
        return try await tokenResponse(issued, user: user, status: .created, on: req)
    }

    @Sendable func login(req: Request) async throws -> Response {
        let body = try req.decodeStrict(LoginRequest.self)
        guard let identifier = (body.email ?? body.username)?.trimmingCharacters(in: .whitespaces), !identifier.isEmpty else {
            throw Problem.validation("Give your email or username.", params: [.init(name: "email", reason: "is required")])
        }
        guard body.password.count <= AppConfig.passwordMaxLength else { throw invalidCredentials }
        let user = try await User.query(on: req.db)
            .group(.or) { $0.filter(\.$email == identifier.lowercased()).filter(\.$username == identifier) }
            .first()
        guard let user else {
            // Same work and the same answer as a wrong password, so accounts cannot be discovered.
            try await req.services.passwords.verifyDummy(body.password)
            try await AuditTrail.record("auth.login", outcome: .failure, user: nil, details: ["reason": "unknown account"], request: req)
            throw invalidCredentials
        }
        let passwordMatches = try await req.services.passwords.verify(body.password, against: user.hashedPassword)
        try LoginGuard.requireUnlocked(user, on: req)
        guard passwordMatches else {
            try await LoginGuard.recordFailure(user, kind: "login_failed", on: req)
            try await AuditTrail.record("auth.login", outcome: .failure, user: user.id, details: ["reason": "wrong password"], request: req)
            throw invalidCredentials
        }
        guard user.isActive else {
            throw Problem.forbidden("account-disabled", "Account disabled", "This account is disabled; contact the operator.")
        }
        if user.mfaEnabled {
            let challenge = try await req.services.tokens.issue(.mfaChallenge, subject: try user.requireID(),
                                                                lifetime: TokenService.mfaChallengeLifetime)
            try await AuditTrail.record("auth.login", outcome: .success, user: user.id, details: ["step": "password; 2FA pending"], request: req)
            return try await MFAChallengeResponse(mfaToken: challenge.token).encodeResponse(for: req)
        }
        try await LoginGuard.recordSuccess(user, on: req)
        try await AuditTrail.record("auth.login", outcome: .success, user: user.id, request: req)
        let issued = try await SessionIssuer.start(for: user, mfaVerified: false, on: req)
        return try await tokenResponse(issued, user: user, status: .ok, on: req)
    }

    @Sendable func verifyMFA(req: Request) async throws -> Response {
        let body = try req.decodeStrict(MFAVerifyRequest.self)
        let claims = try await req.services.tokens.verify(body.mfaToken, as: .mfaChallenge)
        guard let userID = UUID(uuidString: claims.sub.value), let user = try await User.find(userID, on: req.db), user.isActive else {
            throw Problem.unauthorized("The sign-in challenge is not valid; sign in again.")
        }
        try LoginGuard.requireUnlocked(user, on: req)
        let (accepted, usedRecovery) = try await SecondFactor.verify(
            code: body.code, recoveryCode: body.recoveryCode, for: user, on: req)
        guard accepted else {
            try await LoginGuard.recordFailure(user, kind: "mfa_failed", on: req)
            try await AuditTrail.record("auth.mfa.verify", outcome: .failure, user: userID, request: req)
            throw Problem(.unauthorized, type: "invalid-code", title: "Invalid code",
                          detail: "The code is wrong, expired or already used.")
        }
        if usedRecovery {
            let remaining = try await SecondFactor.remainingRecoveryCodes(for: userID, on: req.db)
            try await SecurityEvents.record("recovery_code_used", severity: .warning, user: userID,
                                            details: ["remaining": String(remaining)], request: req)
        }
        try await LoginGuard.recordSuccess(user, on: req)
        try await AuditTrail.record("auth.mfa.verify", outcome: .success, user: userID,
                                    details: usedRecovery ? ["factor": "recovery_code"] : ["factor": "totp"], request: req)
        let issued = try await SessionIssuer.start(for: user, mfaVerified: true, on: req)
        return try await tokenResponse(issued, user: user, status: .ok, on: req)
    }

    @Sendable func refresh(req: Request) async throws -> Response {
        try AuthCookies.requireCSRF(req)
        guard let presented = req.cookies[AuthCookies.refresh]?.string, !presented.isEmpty else {
            throw Problem.unauthorized("No refresh cookie; sign in again.")
        }
        let (issued, user) = try await SessionIssuer.rotate(presented, on: req)
        return try await tokenResponse(issued, user: user, status: .ok, on: req)
    }

    @Sendable func logout(req: Request) async throws -> Response {
        try AuthCookies.requireCSRF(req)
        if let presented = req.cookies[AuthCookies.refresh]?.string, !presented.isEmpty,
           let token = try await RefreshToken.query(on: req.db).filter(\.$tokenHash == SessionIssuer.tokenHash(presented)).first(),
           let session = try await UserSession.find(token.$session.id, on: req.db) {
            try await SessionIssuer.revoke(session, reason: "logout", on: req.db, at: req.now)
            try await AuditTrail.record("auth.logout", outcome: .success, user: session.$user.id, request: req)
        }
        let response = Response(status: .noContent)
        AuthCookies.clear(on: response, for: req)
        return response
    }

    @Sendable func logoutAll(req: Request) async throws -> Response {
        let caller = try req.caller
        try await SessionIssuer.revokeAll(of: caller.userID, reason: "logout_all", on: req.db, at: req.now, caches: req.services.caches)
        let user = try await req.callerUser()
        user.tokensValidAfter = req.now
        try await user.save(on: req.db)
        try await SecurityEvents.record("logout_all", severity: .info, user: caller.userID, request: req)
        try await AuditTrail.record("auth.logout_all", outcome: .success, user: caller.userID, request: req)
        let response = Response(status: .noContent)
        AuthCookies.clear(on: response, for: req)
        return response
    }

    @Sendable func setupMFA(req: Request) async throws -> MFASetupResponse {
        let caller = try req.caller
        let user = try await req.callerUser()
        guard !user.mfaEnabled else {
            throw Problem(.conflict, type: "mfa-already-enabled", title: "2FA already enabled",
                          detail: "Two-factor authentication is already on; disable it first to enrol a new device.")
        }
        // A new setup replaces any unfinished one, so an interrupted enrolment can always be restarted.
        let secret = TOTP.randomSecret()
        user.mfaPendingSecret = try req.services.secretBox.seal(secret, associatedData: SecondFactor.secretContext(caller.userID))
        try await user.save(on: req.db)
        let uri = TOTP.standard.otpauthURI(secret: secret, account: user.email, issuer: "Draizer")
        let svg = try QRCode(text: uri).svg()
        try await AuditTrail.record("auth.mfa.setup", outcome: .success, user: caller.userID, request: req)
        return MFASetupResponse(secret: Base32.encode(secret), otpauthUri: uri, qrSvg: svg,
                                qrDataUri: "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString())
    }

    @Sendable func enableMFA(req: Request) async throws -> RecoveryCodesResponse {
        let body = try req.decodeStrict(CodeRequest.self)
        let caller = try req.caller
        let user = try await req.callerUser()
        guard !user.mfaEnabled else {
            throw Problem(.conflict, type: "mfa-already-enabled", title: "2FA already enabled", detail: "Two-factor authentication is already on.")
        }
        guard let pending = user.mfaPendingSecret else {
            throw Problem(.conflict, type: "mfa-setup-missing", title: "No 2FA setup in progress",
                          detail: "Call POST /api/v1/auth/mfa/setup first, scan the QR code, then confirm a code here.")
        }
        let secret = try SecondFactor.openSecret(pending, userID: caller.userID, on: req)
        guard let step = TOTP.standard.verify(code: body.code, secret: secret, at: req.now) else {
            try await SecurityEvents.record("mfa_enable_failed", severity: .info, user: caller.userID, request: req)
            throw Problem(.badRequest, type: "invalid-code", title: "Invalid code",
                          detail: "The code does not match; check the device's clock and try the current code.",
                          invalidParams: [.init(name: "code", reason: "does not match")])
        }
        let session = try await req.callerSession()
        let codes = try await req.db.transaction { db in
            user.mfaSecret = pending
            user.mfaPendingSecret = nil
            user.mfaEnabled = true
            user.mfaLastStep = step
            try await user.save(on: db)
            session.mfaVerified = true
            try await session.save(on: db)
            try await AuditTrail.record("auth.mfa.enable", outcome: .success, user: caller.userID, request: req, on: db)
            return try await SecondFactor.newRecoveryCodes(for: caller.userID, on: db)
        }
        // The saves evicted before the transaction committed; again now that it has.
        req.services.caches.userChanged(caller.userID)
        try await SecurityEvents.record("mfa_enabled", severity: .info, user: caller.userID, request: req)
        try? await req.services.mailer.send(MailMessage(
            to: user.email, subject: "Two-factor authentication enabled",
            body: "Two-factor authentication is now on for your Draizer account. Keep your recovery codes somewhere safe."))
        return RecoveryCodesResponse(mfaEnabled: true, recoveryCodes: codes)
    }

    @Sendable func disableMFA(req: Request) async throws -> HTTPStatus {
        let body = try req.decodeStrict(PasswordAndCodeRequest.self)
        let caller = try req.caller
        let user = try await req.callerUser()
        try await Reauthentication.require(body, for: user, on: req)
        try await req.db.transaction { db in
            user.mfaEnabled = false
            user.mfaSecret = nil
            user.mfaPendingSecret = nil
            user.mfaLastStep = nil
            try await user.save(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == caller.userID).delete()
            // On a server that requires 2FA, every session goes back to "enrolment pending".
            try await UserSession.query(on: db).filter(\.$user.$id == caller.userID).set(\.$mfaVerified, to: false).update()
            try await AuditTrail.record("auth.mfa.disable", outcome: .success, user: caller.userID, request: req, on: db)
        }
        req.services.caches.userChanged(caller.userID)
        try await SecurityEvents.record("mfa_disabled", severity: .warning, user: caller.userID, request: req)
        try? await req.services.mailer.send(MailMessage(
            to: user.email, subject: "Two-factor authentication disabled",
            body: "Two-factor authentication was turned off for your Draizer account. If this was not you, change your password now."))
        return .noContent
    }

    @Sendable func regenerateRecoveryCodes(req: Request) async throws -> RecoveryCodesResponse {
        let body = try req.decodeStrict(CodeRequest.self)
        let caller = try req.caller
        let user = try await req.callerUser()
        guard try await SecondFactor.verifyTOTP(body.code, for: user, on: req) else {
            try await LoginGuard.recordFailure(user, kind: "mfa_failed", on: req)
            throw Problem(.badRequest, type: "invalid-code", title: "Invalid code", detail: "The code is wrong, expired or already used.",
                          invalidParams: [.init(name: "code", reason: "does not match")])
        }
        let codes = try await SecondFactor.newRecoveryCodes(for: caller.userID, on: req.db)
        try await SecurityEvents.record("recovery_codes_regenerated", severity: .info, user: caller.userID, request: req)
        try await AuditTrail.record("auth.mfa.recovery_codes", outcome: .success, user: caller.userID, request: req)
        return RecoveryCodesResponse(mfaEnabled: true, recoveryCodes: codes)
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let body = try req.decodeStrict(PasswordChangeRequest.self)
        let caller = try req.caller
        let user = try await req.callerUser()
        guard try await req.services.passwords.verify(body.currentPassword, against: user.hashedPassword) else {
            try await LoginGuard.recordFailure(user, kind: "password_change_failed", on: req)
            throw Problem(.badRequest, type: "wrong-password", title: "Wrong password", detail: "The current password is not correct.",
                          invalidParams: [.init(name: "current_password", reason: "is not correct")])
        }
        try FieldRules.password(body.newPassword, minLength: req.application.config.passwordMinLength, field: "new_password",
                                personal: [user.username, String(user.email.split(separator: "@")[0])])
        guard body.newPassword != body.currentPassword else {
            throw Problem(.badRequest, type: "weak-password", title: "Password not accepted", detail: "Choose a password you have not just used.",
                          invalidParams: [.init(name: "new_password", reason: "equals the current password")])
        }
        user.hashedPassword = try await req.services.passwords.hash(body.newPassword)
        user.passwordChangedAt = req.now
        user.tokensValidAfter = req.now
        try await user.save(on: req.db)
        // Every other session ends; this one continues with a fresh access token.
        try await SessionIssuer.revokeAll(of: caller.userID, reason: "password_changed", except: caller.sessionID, on: req.db, at: req.now,
                                          caches: req.services.caches)
        try await SecurityEvents.record("password_changed", severity: .warning, user: caller.userID, request: req)
        try await AuditTrail.record("auth.password.change", outcome: .success, user: caller.userID, request: req)
        try? await req.services.mailer.send(MailMessage(
            to: user.email, subject: "Your Draizer password was changed",
            body: "Your password was changed and your other sessions were signed out. If this was not you, contact the operator now."))
        let access = try await req.services.tokens.issue(.access, subject: caller.userID, session: caller.sessionID,
                                                         lifetime: TokenService.accessLifetime)
        return try await AccessTokenOnly(accessToken: access.token).encodeResponse(for: req)
    }

    @Sendable func verifyEmail(req: Request) async throws -> UserResponse {
        let body = try req.decodeStrict(VerifyEmailRequest.self)
        let invalid = Problem(.badRequest, type: "invalid-token", title: "Invalid link",
                              detail: "This verification link is not valid any more.")
        // A bad link is a bad request, not a missing sign-in: no 401 and no WWW-Authenticate here.
        guard let claims = try? await req.services.tokens.verify(body.token, as: .emailVerification),
              let userID = UUID(uuidString: claims.sub.value), let user = try await User.find(userID, on: req.db),
              claims.email == user.email
        else { throw invalid }
        if !user.isVerified {
            user.isVerified = true
            try await user.save(on: req.db)
            try await AuditTrail.record("auth.email.verify", outcome: .success, user: userID, request: req)
        }
        return UserResponse(user)
    }

    @Sendable func resendVerification(req: Request) async throws -> HTTPStatus {
        let user = try await req.callerUser()
        guard !user.isVerified else { return .noContent }
        try await sendVerificationEmail(to: user, on: req)
        return .accepted
    }

    // MARK: - Helpers

    private var invalidCredentials: Problem {
        Problem(.unauthorized, type: "invalid-credentials", title: "Sign-in failed", detail: "The email/username or password is not correct.")
    }

    private func tokenResponse(_ issued: SessionIssuer.Issued, user: User, status: HTTPStatus, on req: Request) async throws -> Response {
        let body = TokenResponse(
            accessToken: issued.accessToken, csrfToken: issued.csrfToken,
            mfaSetupRequired: req.application.config.mfaRequired && !issued.session.mfaVerified, user: UserResponse(user))
        let response = try await body.encodeResponse(status: status, for: req)
        AuthCookies.set(refreshToken: issued.refreshToken, csrfToken: issued.csrfToken, on: response, for: req)
        return response
    }

    private func sendVerificationEmail(to user: User, on req: Request) async throws {
        let token = try await req.services.tokens.issue(.emailVerification, subject: try user.requireID(), email: user.email,
                                                        lifetime: TokenService.emailVerificationLifetime)
        // PUBLIC_URL when set (always in production): a Host header is the client's to choose, and a link
        // built from it could send the token anywhere.
        let origin = req.application.config.publicURL
            ?? (req.isSecure ? "https://" : "http://") + (req.headers.first(name: .host) ?? "localhost")
        do {
            try await req.services.mailer.send(MailMessage(
                to: user.email, subject: "Confirm your email for Draizer",
                body: "Welcome to Draizer. Confirm your email address by opening this link within 24 hours:\n\n\(origin)/verify-email?token=\(token.token)\n"))
        } catch {
            // Registration succeeds even if the mail server is down; the user can ask for the mail again.
            req.logger.error("verification mail not sent: \(String(reflecting: error))")
        }
    }
}

/// A fresh access token for the current session (after a password change).
struct AccessTokenOnly: Content {
    let accessToken: String
    var tokenType = "bearer"
    var expiresIn = Int(TokenService.accessLifetime)
}
