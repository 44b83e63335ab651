import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import DraizerServer

@Suite("Two-factor authentication")
struct TwoFactorTests {
    @Test func untilTwoFactorIsEnabledOnlyEnrolmentWorks() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.register(app)
            let me = try await app.sendRequest(.GET, "/api/v1/users/me", headers: user.bearer)
            #expect(me.status == .ok)
            let sessions = try await app.sendRequest(.GET, "/api/v1/users/me/sessions", headers: user.bearer)
            #expect(sessions.status == .forbidden)
            #expect(try sessions.json()["type"] as? String == "/problems/mfa-setup-required")
        }
    }

    @Test func enrolmentGivesAScannableSecretAndTenRecoveryCodes() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.register(app)
            let setup = try await app.sendRequest(.POST, "/api/v1/auth/mfa/setup", headers: user.bearer)
            let body = try setup.json()
            let secret = try #require(body["secret"] as? String)
            #expect((body["otpauth_uri"] as? String)?.hasPrefix("otpauth://totp/Draizer:ada%40example.com?secret=\(secret)") == true
                    || (body["otpauth_uri"] as? String)?.contains("secret=\(secret)") == true)
            #expect((body["qr_svg"] as? String)?.hasPrefix("<svg") == true)
            #expect((body["qr_data_uri"] as? String)?.hasPrefix("data:image/svg+xml;base64,") == true)

            var enrolled = user
            try await enrolled.enrolMFA(app)
            #expect(enrolled.recoveryCodes.count == 10)
            #expect(Set(enrolled.recoveryCodes).count == 10)
            let sessions = try await app.sendRequest(.GET, "/api/v1/users/me/sessions", headers: enrolled.bearer)
            #expect(sessions.status == .ok)
        }
    }

    @Test func anInterruptedEnrolmentCanBeRestarted() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.register(app)
            let first = try await app.sendRequest(.POST, "/api/v1/auth/mfa/setup", headers: user.bearer)
            let abandoned = try DraizerServer.Base32.decode(try #require(try first.json()["secret"] as? String))
            // The user closes the tab, comes back, and starts again: the new secret is the one that counts.
            let second = try await app.sendRequest(.POST, "/api/v1/auth/mfa/setup", headers: user.bearer)
            let current = try DraizerServer.Base32.decode(try #require(try second.json()["secret"] as? String))
            #expect(abandoned != current)
            let stale = try await app.sendRequest(.POST, "/api/v1/auth/mfa/enable", headers: user.bearer,
                                                  body: .json(#"{"code": "\#(user.code(abandoned, app))"}"#))
            #expect(stale.status == .badRequest)
            let good = try await app.sendRequest(.POST, "/api/v1/auth/mfa/enable", headers: user.bearer,
                                                 body: .json(#"{"code": "\#(user.code(current, app))"}"#))
            #expect(good.status == .ok)
        }
    }

    @Test func enablingWithoutSetupExplainsWhatToDo() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.register(app)
            let response = try await app.sendRequest(.POST, "/api/v1/auth/mfa/enable", headers: user.bearer, body: .json(#"{"code": "123456"}"#))
            #expect(response.status == .conflict)
            #expect(try response.json()["type"] as? String == "/problems/mfa-setup-missing")
        }
    }

    @Test func signingInTakesThePasswordThenTheCode() async throws {
        try await withDraizerApp { app in
            var user = try await TestUser.enrolled(app)
            app.testClock.advance(by: 30)
            let challenge = try await user.login(app)
            #expect(challenge.status == .ok)
            #expect(try challenge.json()["mfa_required"] as? Bool == true)
            #expect(challenge.cookie(AuthCookies.refresh) == nil, "no session before the second factor")
            let token = try #require(try challenge.json()["mfa_token"] as? String)
            // The challenge is not an access token.
            var asBearer = TestUser.jsonHeaders
            asBearer.bearerAuthorization = .init(token: token)
            #expect(try await app.sendRequest(.GET, "/api/v1/users/me", headers: asBearer).status == .unauthorized)

            let verified = try await app.sendRequest(.POST, "/api/v1/auth/mfa/verify", headers: TestUser.jsonHeaders,
                                                     body: .json(#"{"mfa_token": "\#(token)", "code": "\#(user.code(nil, app))"}"#))
            #expect(verified.status == .ok)
            #expect(try verified.json()["mfa_setup_required"] as? Bool == false)
            user.accessToken = try #require(try verified.json()["access_token"] as? String)
            #expect(try await app.sendRequest(.GET, "/api/v1/users/me/sessions", headers: user.bearer).status == .ok)
        }
    }

    @Test func aCodeCanBeUsedOnlyOnce() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            app.testClock.advance(by: 30)
            let code = user.code(nil, app)
            for expected in [HTTPResponseStatus.ok, .unauthorized] {
                let challenge = try await user.login(app)
                let token = try #require(try challenge.json()["mfa_token"] as? String)
                let verified = try await app.sendRequest(.POST, "/api/v1/auth/mfa/verify", headers: TestUser.jsonHeaders,
                                                         body: .json(#"{"mfa_token": "\#(token)", "code": "\#(code)"}"#))
                #expect(verified.status == expected)
            }
        }
    }

    @Test func codesOneStepAwayAreAcceptedAndTwoStepsAreNot() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            app.testClock.advance(by: 120)
            for (offset, expected) in [(-2, HTTPResponseStatus.unauthorized), (2, .unauthorized), (1, .ok)] {
                let challenge = try await user.login(app)
                let token = try #require(try challenge.json()["mfa_token"] as? String)
                let verified = try await app.sendRequest(.POST, "/api/v1/auth/mfa/verify", headers: TestUser.jsonHeaders,
                    body: .json(#"{"mfa_token": "\#(token)", "code": "\#(user.code(nil, app, offsetSteps: offset))"}"#))
                #expect(verified.status == expected, "offset \(offset)")
            }
        }
    }

    @Test func aLostDeviceIsRecoveredWithARecoveryCodeOnce() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let code = user.recoveryCodes[3].uppercased()
            for expected in [HTTPResponseStatus.ok, .unauthorized] {
                let challenge = try await user.login(app)
                let token = try #require(try challenge.json()["mfa_token"] as? String)
                let verified = try await app.sendRequest(.POST, "/api/v1/auth/mfa/verify", headers: TestUser.jsonHeaders,
                                                         body: .json(#"{"mfa_token": "\#(token)", "recovery_code": "\#(code)"}"#))
                #expect(verified.status == expected)
            }
            let events = try await SecurityEvent.query(on: app.db).filter(\.$eventType == "recovery_code_used").all()
            #expect(events.count == 1)
            #expect(events.first?.details?.contains("\"remaining\":\"9\"") == true)
        }
    }

    @Test func theChallengeExpiresAfterFiveMinutes() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let challenge = try await user.login(app)
            let token = try #require(try challenge.json()["mfa_token"] as? String)
            app.testClock.advance(by: 5 * 60 + 1)
            let verified = try await app.sendRequest(.POST, "/api/v1/auth/mfa/verify", headers: TestUser.jsonHeaders,
                                                     body: .json(#"{"mfa_token": "\#(token)", "code": "\#(user.code(nil, app))"}"#))
            #expect(verified.status == .unauthorized)
        }
    }

    @Test func disablingNeedsThePasswordAndACodeAndSendsTheUserBackToEnrolment() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            app.testClock.advance(by: 30)
            let wrong = try await app.sendRequest(.POST, "/api/v1/auth/mfa/disable", headers: user.bearer,
                                                  body: .json(#"{"password": "\#(user.password)", "code": "000000"}"#))
            #expect(wrong.status == .badRequest)
            let disabled = try await app.sendRequest(.POST, "/api/v1/auth/mfa/disable", headers: user.bearer,
                                                     body: .json(#"{"password": "\#(user.password)", "code": "\#(user.code(nil, app))"}"#))
            #expect(disabled.status == .noContent)
            #expect(try await app.sendRequest(.GET, "/api/v1/users/me/sessions", headers: user.bearer).status == .forbidden)
            #expect(try await RecoveryCode.query(on: app.db).count() == 0)
        }
    }

    @Test func secretsAreNeverStoredInPlaintext() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let stored = try #require(try await User.query(on: app.db).first())
            let secretBase32 = DraizerServer.Base32.encode(user.totpSecret!)
            let sealed = try #require(stored.mfaSecret)
            #expect(sealed.hasPrefix("v1."))
            #expect(!sealed.contains(secretBase32))
            #expect(stored.hashedPassword.hasPrefix("$argon2id$") && !stored.hashedPassword.contains(user.password))
            let hashes = try await RecoveryCode.query(on: app.db).all().map(\.codeHash)
            #expect(hashes.count == 10)
            for code in user.recoveryCodes { #expect(!hashes.contains { $0.contains(code) }) }
            let tokens = try await RefreshToken.query(on: app.db).all().map(\.tokenHash)
            #expect(!tokens.contains(user.refreshCookie))

            // A full scan of every text column of the database: no secret appears anywhere.
            let sql = try #require(app.db as? any SQLDatabase)
            for table in ["users", "recovery_codes", "refresh_tokens", "user_sessions", "audit_logs", "security_events", "outbox_messages"] {
                let rows = try await sql.raw("SELECT * FROM \(ident: table)").all()
                for row in rows {
                    for column in row.allColumns {
                        guard let text = try? row.decode(column: column, as: String?.self) else { continue }
                        #expect(!text.contains(secretBase32), "\(table).\(column) holds the TOTP secret")
                        #expect(!text.contains(user.password), "\(table).\(column) holds the password")
                        #expect(!text.contains(user.refreshCookie), "\(table).\(column) holds the refresh token")
                        for code in user.recoveryCodes { #expect(!text.contains(code), "\(table).\(column) holds a recovery code") }
                    }
                }
            }
        }
    }
}
