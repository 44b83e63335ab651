import Fluent
import Vapor

/// Bearer authentication: a valid access token of a live session of an active user (the session's grant
/// is cached; see `AppCaches`). With
/// `MFA_REQUIRED`, a session without a second factor only reaches the 2FA enrolment routes.
struct AccessTokenMiddleware: AsyncMiddleware {
    /// True on the routes a user needs to finish 2FA enrolment (setup, enable, profile, logout).
    let allowsPendingMFA: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let token = request.headers.bearerToken else {
            throw Problem.unauthorized("Send the access token as 'Authorization: Bearer <token>'.")
        }
        let claims = try await request.services.tokens.verify(token, as: .access)
        guard let userID = UUID(uuidString: claims.sub.value), let sessionID = claims.sid.flatMap({ UUID(uuidString: $0) }),
              let grant = try await SessionGrant.current(sessionID, caches: request.services.caches, on: request.db),
              grant.userID == userID, !grant.isRevoked, grant.expiresAt > request.now, grant.userIsActive
        else { throw Problem.unauthorized("The session has ended; sign in again.") }
        // Tokens issued before a password change or "log out everywhere" are void (iat has whole seconds).
        if let validAfter = grant.tokensValidAfter, claims.iat.value < validAfter.addingTimeInterval(-1) {
            throw Problem.unauthorized("The session has ended; sign in again.")
        }
        if request.application.config.mfaRequired, !grant.mfaVerified, !allowsPendingMFA {
            throw Problem.forbidden("mfa-setup-required", "Two-factor authentication required",
                                    "Enable two-factor authentication (POST /api/v1/auth/mfa/setup, then /enable) to continue.")
        }
        request.authContext = AuthContext(userID: userID, sessionID: sessionID, claims: claims, mfaVerified: grant.mfaVerified)
        return try await next.respond(to: request)
    }
}
