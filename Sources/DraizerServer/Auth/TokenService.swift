import Foundation
import JWTKit
import Synchronization
import Vapor

/// Signs and checks HS256 JWTs with `SECRET_KEY`. Only HS256 with our key is accepted: `none`, other
/// algorithms, other keys, expired tokens and tokens of another type are all rejected the same way.
public struct TokenService: Sendable {
    static let accessLifetime: TimeInterval = 15 * 60
    static let mfaChallengeLifetime: TimeInterval = 5 * 60
    static let emailVerificationLifetime: TimeInterval = 24 * 60 * 60
    static let streamTicketLifetime: TimeInterval = 60

    private let keys: JWTKeyCollection
    private let clock: WallClock
    /// Tokens whose signature checked out, by their exact text: a browser sends the same access token
    /// with every request for 15 minutes, and a signature cannot stop being valid.
    private let verified = VerifiedTokens()

    init(secret: String, clock: WallClock) async {
        self.keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.clock = clock
    }

    func issue(_ kind: TokenClaims.Kind, subject: UUID, session: UUID? = nil, email: String? = nil,
               lifetime: TimeInterval) async throws -> (token: String, claims: TokenClaims) {
        let now = clock.now()
        let claims = TokenClaims(
            sub: .init(value: subject.uuidString), iat: .init(value: now),
            exp: .init(value: now.addingTimeInterval(lifetime)), jti: .init(value: UUID().uuidString),
            type: kind, sid: session?.uuidString, email: email)
        return (try await keys.sign(claims), claims)
    }

    /// The claims of a valid token of `kind`, or a 401 problem that does not say which check failed.
    func verify(_ token: String, as kind: TokenClaims.Kind) async throws -> TokenClaims {
        let known = verified.claims(of: token)
        var checked = known
        if checked == nil, Self.headerAlgorithm(of: token) == "HS256" {
            checked = try? await keys.verify(token, as: TokenClaims.self)
        }
        guard let claims = checked,
              claims.type == kind,
              claims.exp.value > clock.now(),
              claims.iat.value <= clock.now().addingTimeInterval(60)
        else { throw Problem.unauthorized(kind == .access ? "The access token is invalid or expired." : "The token is invalid or expired.") }
        if known == nil { verified.insert(claims, for: token, now: clock.now()) }
        return claims
    }

    /// The `alg` of the JOSE header, read before verification so that `none` never reaches a verifier.
    private static func headerAlgorithm(of token: String) -> String? {
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["alg"] as? String
    }
}

/// A bounded map from token text to its verified claims; expired tokens leave at the next sweep.
private final class VerifiedTokens: Sendable {
    private let tokens = Mutex<[String: TokenClaims]>([:])

    func claims(of token: String) -> TokenClaims? {
        tokens.withLock { $0[token] }
    }

    func insert(_ claims: TokenClaims, for token: String, now: Date) {
        guard token.utf8.count <= 2048 else { return }
        tokens.withLock { tokens in
            if tokens.count >= 50_000 {
                tokens = tokens.filter { $0.value.exp.value > now }
                if tokens.count >= 50_000 { tokens.removeAll() }
            }
            tokens[token] = claims
        }
    }
}

extension Problem {
    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, type: "unauthorized", title: "Not signed in", detail: detail,
                headers: ["WWW-Authenticate": "Bearer"])
    }

    static func forbidden(_ type: String, _ title: String, _ detail: String) -> Problem {
        Problem(.forbidden, type: type, title: title, detail: detail)
    }
}
