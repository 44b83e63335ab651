import Foundation
import JWTKit

/// The claims of every token Draizer signs. `type` keeps one kind of token from being used as another
/// (an MFA challenge is not an access token).
struct TokenClaims: JWTPayload, Equatable {
    enum Kind: String, Codable, Sendable {
        case access
        case mfaChallenge = "mfa_challenge"
        case emailVerification = "email_verification"
        case streamTicket = "stream_ticket"
    }

    var sub: SubjectClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var type: Kind
    /// The session an access token or stream ticket belongs to.
    var sid: String?
    /// The address an email verification token confirms.
    var email: String?

    /// Expiry and type are checked by `TokenService` against the injected clock.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
