import Fluent
import Vapor

/// Bearer authentication: a valid access token of a live session of an active user. With
/// `MFA_REQUIRED`, a session without a second factor only reaches the 2FA enrolment routes.
struct AccessTokenMiddleware: AsyncMiddleware {
    /// True on the routes a user needs to finish 2FA enrolment (setup, enable, profile, logout).
    let allowsPendingMFA: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else {
            throw Problem.unauthorized("Send the access token as 'Authorization: Bearer <token>'.")
        }
        let claims = try await request.services.tokens.verify(bearer.token, as: .access)
        guard let userID = UUID(uuidString: claims.sub.value), let sessionID = claims.sid.flatMap({ UUID(uuidString: $0) }),
              let session = try await UserSession.find(sessionID, on: request.db),
              session.$user.id == userID, session.revokedAt == nil, session.expiresAt > request.now,
              let user = try await User.find(userID, on: request.db), user.isActive
        else { throw Problem.unauthorized("The session has ended; sign in again.") }
        // Tokens issued before a password change or "log out everywhere" are void (iat has whole seconds).
        if let validAfter = user.tokensValidAfter, claims.iat.value < validAfter.addingTimeInterval(-1) {
            throw Problem.unauthorized("The session has ended; sign in again.")
        }
        if request.application.config.mfaRequired, !session.mfaVerified, !allowsPendingMFA {
            throw Problem.forbidden("mfa-setup-required", "Two-factor authentication required",
                                    "Enable two-factor authentication (POST /api/v1/auth/mfa/setup, then /enable) to continue.")
        }
        request.authContext = AuthContext(user: user, session: session, claims: claims)
        return try await next.respond(to: request)
    }
}
