import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Lockout, rate limits and headers")
struct LockoutAndLimitsTests {
    @Test func fiveWrongPasswordsLockTheAccountUntilTheLockoutEnds() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            for _ in 1...5 {
                #expect(try await user.login(app, password: "wrong-password-123").status == .unauthorized)
            }
            let locked = try await user.login(app)
            #expect(locked.status.code == 423)
            #expect(try locked.json()["type"] as? String == "/problems/account-locked")
            let retryAfter = try #require(Int(locked.headers.first(name: "Retry-After") ?? ""))
            #expect((1...1800).contains(retryAfter))

            app.testClock.advance(by: 30 * 60 + 1)
            #expect(try await user.login(app).status == .ok)
            let types = try await SecurityEvent.query(on: app.db).all().map(\.eventType)
            #expect(types.filter { $0 == "login_failed" }.count == 5)
            #expect(types.contains("account_locked"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == "Your Draizer account was locked").count() == 1)
        }
    }

    @Test func wrongSecondFactorsCountTowardsTheLockout() async throws {
        try await withDraizerApp(["MAX_LOGIN_ATTEMPTS": "3"]) { app in
            let user = try await TestUser.enrolled(app)
            for _ in 1...3 {
                let challenge = try await user.login(app)
                let token = try #require(try challenge.json()["mfa_token"] as? String)
                _ = try await app.sendRequest(.POST, "/api/v1/auth/mfa/verify", headers: TestUser.jsonHeaders,
                                              body: .json(#"{"mfa_token": "\#(token)", "code": "000000"}"#))
            }
            #expect(try await user.login(app).status.code == 423)
        }
    }

    @Test func anUnknownAccountAndAWrongPasswordLookTheSame() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let wrong = try await user.login(app, password: "wrong-password-123")
            let unknown = try await app.sendRequest(.POST, "/api/v1/auth/login", headers: TestUser.jsonHeaders,
                                                    body: .json(#"{"email": "nobody@example.com", "password": "wrong-password-123"}"#))
            #expect(wrong.status == unknown.status)
            let a = try wrong.json(), b = try unknown.json()
            for key in ["type", "title", "detail", "status"] { #expect("\(a[key] ?? "")" == "\(b[key] ?? "")") }
        }
    }

    @Test func authEndpointsAreRateLimitedWithRetryAfter() async throws {
        try await withDraizerApp(["RATE_LIMIT_AUTH_PER_MINUTE": "3"]) { app in
            var statuses: [UInt] = []
            var last: TestingHTTPResponse?
            for _ in 1...4 {
                let response = try await app.sendRequest(.POST, "/api/v1/auth/login", headers: TestUser.jsonHeaders,
                                                         body: .json(#"{"email": "x@example.com", "password": "whatever-123456"}"#))
                statuses.append(response.status.code)
                last = response
            }
            #expect(statuses == [401, 401, 401, 429])
            let limited = try #require(last)
            #expect(try limited.json()["type"] as? String == "/problems/rate-limited")
            #expect(Int(limited.headers.first(name: "Retry-After") ?? "") != nil)
            #expect(limited.headers.first(name: "RateLimit-Limit") == "3")
            #expect(limited.headers.first(name: "RateLimit-Remaining") == "0")
            // The next minute opens a new window.
            app.testClock.advance(by: 61)
            let later = try await app.sendRequest(.POST, "/api/v1/auth/login", headers: TestUser.jsonHeaders,
                                                  body: .json(#"{"email": "x@example.com", "password": "whatever-123456"}"#))
            #expect(later.status == .unauthorized)
        }
    }

    @Test func allEndpointsShareTheGeneralLimit() async throws {
        try await withDraizerApp(["RATE_LIMIT_PER_MINUTE": "2"]) { app in
            let codes = try await (1...3).asyncMap { _ in try await app.sendRequest(.GET, "/api/v1/users/me").status.code }
            #expect(codes == [401, 401, 429])
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withDraizerApp { app in
            for path in ["/health", "/api/v1/users/me", "/nowhere"] {
                let response = try await app.sendRequest(.GET, path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"))
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") != nil)
                #expect(response.headers.first(name: "Permissions-Policy") != nil)
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS over plain HTTP")
            }
        }
    }

    /// API answers are never stored by caches, whichever route gives them: the web app's catch-all also
    /// receives unknown `GET /api/…` paths.
    @Test func apiAnswersAreNeverCachedAndPagesAreRevalidated() async throws {
        let web = try TemporaryDirectory()
        defer { web.remove() }
        try "<!doctype html><title>Draizer</title>".write(toFile: web.path + "/index.html", atomically: true, encoding: .utf8)
        try await withDraizerApp(["WEB_DIR": web.path]) { app in
            for path in ["/api/v1/users/me", "/api/v1/nowhere", "/api/v1/market/symbols"] {
                let response = try await app.sendRequest(.GET, path)
                #expect(response.headers.first(name: .cacheControl) == "no-store", "\(path): \(response.status)")
            }
            let page = try await app.sendRequest(.GET, "/dashboard")
            #expect(page.status == .ok)
            #expect(page.headers.first(name: .cacheControl) == "no-cache")
        }
    }

    @Test func corsAnswersOnlyConfiguredOrigins() async throws {
        try await withDraizerApp(["BACKEND_CORS_ORIGINS": "https://app.example"]) { app in
            let allowed = try await app.sendRequest(.OPTIONS, "/api/v1/auth/login",
                headers: ["Origin": "https://app.example", "Access-Control-Request-Method": "POST"])
            #expect(allowed.headers.first(name: .accessControlAllowOrigin) == "https://app.example")
            let denied = try await app.sendRequest(.OPTIONS, "/api/v1/auth/login",
                headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "POST"])
            #expect(denied.headers.first(name: .accessControlAllowOrigin) != "https://evil.example")
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
