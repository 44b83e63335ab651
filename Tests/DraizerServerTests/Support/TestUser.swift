import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

/// A user driven through the real HTTP API, as the web app would: register, enrol 2FA, sign in.
struct TestUser {
    let email: String
    let username: String
    let password: String
    var accessToken: String
    var refreshCookie: String
    var csrfToken: String
    var totpSecret: [UInt8]?
    var recoveryCodes: [String] = []

    static let origin = "http://localhost:8080"

    static func register(_ app: Application, name: String = "ada") async throws -> TestUser {
        let email = "\(name)@example.com", password = "correct-Horse-battery-9"
        let response = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: jsonHeaders,
                                                 body: .json(#"{"email": "\#(email)", "username": "\#(name)", "password": "\#(password)"}"#))
        try #require(response.status == .created, "register: \(response.status) \(response.body.string)")
        let body = try response.json()
        return TestUser(email: email, username: name, password: password,
                        accessToken: try #require(body["access_token"] as? String),
                        refreshCookie: try #require(response.cookie(AuthCookies.refresh)),
                        csrfToken: try #require(response.cookie(AuthCookies.csrf)))
    }

    /// Registers and completes 2FA enrolment; the session is then fully signed in.
    static func enrolled(_ app: Application, name: String = "ada") async throws -> TestUser {
        var user = try await register(app, name: name)
        try await user.enrolMFA(app)
        return user
    }

    mutating func enrolMFA(_ app: Application) async throws {
        let setup = try await app.sendRequest(.POST, "/api/v1/auth/mfa/setup", headers: bearer)
        try #require(setup.status == .ok, "setup: \(setup.body.string)")
        let secret = try DraizerServer.Base32.decode(try #require(try setup.json()["secret"] as? String))
        let enable = try await app.sendRequest(.POST, "/api/v1/auth/mfa/enable", headers: bearer,
                                               body: .json(#"{"code": "\#(code(secret, app))"}"#))
        try #require(enable.status == .ok, "enable: \(enable.body.string)")
        totpSecret = secret
        recoveryCodes = try #require(try enable.json()["recovery_codes"] as? [String])
    }

    /// The current TOTP code at the application's clock.
    func code(_ secret: [UInt8]? = nil, _ app: Application, offsetSteps: Int = 0) -> String {
        DraizerServer.TOTP.standard.generate(secret: secret ?? totpSecret!, at: app.wallClock.now().addingTimeInterval(Double(offsetSteps * 30)))
    }

    var bearer: HTTPHeaders {
        var headers = TestUser.jsonHeaders
        headers.bearerAuthorization = .init(token: accessToken)
        return headers
    }

    /// Headers of a cookie-authenticated browser request that passes the CSRF checks.
    var cookieHeaders: HTTPHeaders {
        var headers = TestUser.jsonHeaders
        headers.replaceOrAdd(name: .cookie, value: "\(AuthCookies.refresh)=\(refreshCookie); \(AuthCookies.csrf)=\(csrfToken)")
        headers.replaceOrAdd(name: "X-CSRF-Token", value: csrfToken)
        headers.replaceOrAdd(name: .origin, value: TestUser.origin)
        headers.replaceOrAdd(name: .host, value: "localhost:8080")
        return headers
    }

    static var jsonHeaders: HTTPHeaders { ["Content-Type": "application/json"] }

    /// Password step of a sign-in; returns the response (a challenge when 2FA is on).
    func login(_ app: Application, password: String? = nil) async throws -> TestingHTTPResponse {
        try await app.sendRequest(.POST, "/api/v1/auth/login", headers: TestUser.jsonHeaders,
                                  body: .json(#"{"email": "\#(email)", "password": "\#(password ?? self.password)"}"#))
    }

    /// Full sign-in with the current TOTP code; updates the tokens.
    mutating func signIn(_ app: Application) async throws {
        // A TOTP step can be used once: move to the next one, as a person typing a new code would.
        app.testClock.advance(by: 30)
        let challenge = try await login(app)
        try #require(challenge.status == .ok, "login: \(challenge.body.string)")
        let token = try #require(try challenge.json()["mfa_token"] as? String)
        let verified = try await app.sendRequest(.POST, "/api/v1/auth/mfa/verify", headers: TestUser.jsonHeaders,
                                                 body: .json(#"{"mfa_token": "\#(token)", "code": "\#(code(nil, app))"}"#))
        try #require(verified.status == .ok, "verify: \(verified.body.string)")
        accessToken = try #require(try verified.json()["access_token"] as? String)
        refreshCookie = try #require(verified.cookie(AuthCookies.refresh))
        csrfToken = try #require(verified.cookie(AuthCookies.csrf))
    }
}

extension TestingHTTPResponse {
    /// The value of a `Set-Cookie` cookie.
    func cookie(_ name: String) -> String? {
        setCookie(name)?.value
    }

    /// The whole `Set-Cookie` line of a cookie, for attribute checks.
    func setCookieLine(_ name: String) -> String? {
        headers[.setCookie].first { $0.hasPrefix("\(name)=") }
    }

    private func setCookie(_ name: String) -> (value: String, line: String)? {
        guard let line = setCookieLine(name) else { return nil }
        let value = line.dropFirst(name.count + 1).prefix { $0 != ";" }
        return (String(value), line)
    }
}
