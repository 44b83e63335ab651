import Fluent
import Foundation
import JWTKit
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Access and refresh tokens")
struct TokenTests {
    private func status(_ app: Application, token: String) async throws -> HTTPResponseStatus {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        return try await app.sendRequest(.GET, "/api/v1/users/me", headers: headers).status
    }

    private func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test func theAccessTokenCarriesTheStandardClaims() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.register(app)
            let parts = user.accessToken.split(separator: ".")
            #expect(parts.count == 3)
            var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while payload.count % 4 != 0 { payload += "=" }
            let claims = try #require(try JSONSerialization.jsonObject(with: Data(base64Encoded: payload)!) as? [String: Any])
            for claim in ["sub", "iat", "exp", "jti", "type", "sid"] { #expect(claims[claim] != nil, "missing \(claim)") }
            #expect(claims["type"] as? String == "access")
            let lifetime = (claims["exp"] as! Double) - (claims["iat"] as! Double)
            #expect(lifetime == 900)
        }
    }

    @Test func tamperedForgedAndExpiredTokensAreRejected() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.register(app)
            #expect(try await status(app, token: user.accessToken) == .ok)

            // A flipped signature character.
            var tampered = Array(user.accessToken)
            tampered[tampered.count - 2] = tampered[tampered.count - 2] == "A" ? "B" : "A"
            #expect(try await status(app, token: String(tampered)) == .unauthorized)

            // The same claims with alg "none" and no signature.
            let parts = user.accessToken.split(separator: ".")
            let none = base64URL(#"{"alg":"none","typ":"JWT"}"#) + "." + parts[1] + "."
            #expect(try await status(app, token: none) == .unauthorized)

            // A valid signature by another key, and by our key with another algorithm.
            let claims = try await app.services.tokens.verify(user.accessToken, as: .access)
            let otherKey = JWTKeyCollection()
            await otherKey.add(hmac: HMACKey(from: "another-secret-that-is-32-bytes-long!"), digestAlgorithm: .sha256)
            #expect(try await status(app, token: try await otherKey.sign(claims)) == .unauthorized)
            // Our valid token relabelled as another algorithm (algorithm confusion).
            for algorithm in ["HS384", "HS512", "RS256", "HS256 "] {
                let relabelled = base64URL(#"{"alg":"\#(algorithm)","typ":"JWT"}"#) + "." + parts[1] + "." + parts[2]
                #expect(try await status(app, token: relabelled) == .unauthorized, "alg \(algorithm)")
            }

            // A token of another type signed with the right key.
            let ticket = try await app.services.tokens.issue(.emailVerification, subject: try #require(UUID(uuidString: claims.sub.value)),
                                                             session: UUID(uuidString: claims.sid!), lifetime: 600)
            #expect(try await status(app, token: ticket.token) == .unauthorized)

            // Expiry.
            app.testClock.advance(by: 15 * 60 + 1)
            #expect(try await status(app, token: user.accessToken) == .unauthorized)
        }
    }

    @Test func refreshRotatesTheCookieAndRejectsAReusedOneByEndingTheSession() async throws {
        try await withDraizerApp { app in
            var user = try await TestUser.enrolled(app)
            let original = user
            let first = try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: user.cookieHeaders)
            #expect(first.status == .ok, "\(first.body.string)")
            let rotated = try #require(first.cookie(AuthCookies.refresh))
            #expect(rotated != user.refreshCookie)
            user.refreshCookie = rotated
            user.csrfToken = try #require(first.cookie(AuthCookies.csrf))
            user.accessToken = try #require(try first.json()["access_token"] as? String)
            #expect(try await status(app, token: user.accessToken) == .ok)

            // The old cookie comes back (stolen): refused, and the whole session ends.
            let replay = try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: original.cookieHeaders)
            #expect(replay.status == .unauthorized)
            let afterTheft = try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: user.cookieHeaders)
            #expect(afterTheft.status == .unauthorized)
            #expect(try await status(app, token: user.accessToken) == .unauthorized)
            let events = try await SecurityEvent.query(on: app.db).filter(\.$eventType == "refresh_token_reuse").count()
            #expect(events == 1)
        }
    }

    @Test func refreshNeedsTheCSRFHeaderAndAnAllowedOrigin() async throws {
        try await withDraizerApp(["BACKEND_CORS_ORIGINS": "https://app.example"]) { app in
            let user = try await TestUser.enrolled(app)
            var noHeader = user.cookieHeaders
            noHeader.remove(name: "X-CSRF-Token")
            let missing = try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: noHeader)
            #expect(missing.status == .forbidden)
            #expect(try missing.json()["type"] as? String == "/problems/csrf")

            var wrongValue = user.cookieHeaders
            wrongValue.replaceOrAdd(name: "X-CSRF-Token", value: "guess")
            #expect(try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: wrongValue).status == .forbidden)

            var evilOrigin = user.cookieHeaders
            evilOrigin.replaceOrAdd(name: .origin, value: "https://evil.example")
            #expect(try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: evilOrigin).status == .forbidden)

            var noOrigin = user.cookieHeaders
            noOrigin.remove(name: .origin)
            #expect(try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: noOrigin).status == .forbidden)

            var allowedCrossOrigin = user.cookieHeaders
            allowedCrossOrigin.replaceOrAdd(name: .origin, value: "https://app.example")
            #expect(try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: allowedCrossOrigin).status == .ok)
        }
    }

    @Test func logoutEndsTheSessionAndClearsTheCookies() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let logout = try await app.sendRequest(.POST, "/api/v1/auth/logout", headers: user.cookieHeaders)
            #expect(logout.status == .noContent)
            #expect(logout.setCookieLine(AuthCookies.refresh)?.contains("Max-Age=0") == true)
            #expect(try await status(app, token: user.accessToken) == .unauthorized)
            #expect(try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: user.cookieHeaders).status == .unauthorized)
        }
    }

    @Test func logoutEverywhereVoidsEverySession() async throws {
        try await withDraizerApp { app in
            var laptop = try await TestUser.enrolled(app)
            var phone = laptop
            try await phone.signIn(app)
            app.testClock.advance(by: 1)
            let response = try await app.sendRequest(.POST, "/api/v1/auth/logout-all", headers: laptop.bearer)
            #expect(response.status == .noContent)
            #expect(try await status(app, token: phone.accessToken) == .unauthorized)
            #expect(try await app.sendRequest(.POST, "/api/v1/auth/refresh", headers: phone.cookieHeaders).status == .unauthorized)
            // Signing in again works.
            try await laptop.signIn(app)
            #expect(try await status(app, token: laptop.accessToken) == .ok)
        }
    }
}
