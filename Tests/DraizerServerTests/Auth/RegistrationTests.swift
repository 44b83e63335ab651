import DraizerCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DraizerServer

@Suite("Registration")
struct RegistrationTests {
    @Test func registeringCreatesTheUserAndAThousandDollarPortfolioAndStartsASession() async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: TestUser.jsonHeaders,
                body: .json(#"{"email": "Ada@Example.com", "username": "ada", "password": "correct-Horse-battery-9", "full_name": "Ada L"}"#))
            #expect(response.status == .created)
            let body = try response.json()
            #expect(body["token_type"] as? String == "bearer")
            #expect(body["expires_in"] as? Int == 900)
            #expect(body["mfa_setup_required"] as? Bool == true)
            #expect((body["user"] as? [String: Any])?["email"] as? String == "ada@example.com")

            let user = try #require(try await User.query(on: app.db).first())
            let portfolio = try #require(try await Portfolio.query(on: app.db).filter(\.$user.$id == user.requireID()).first())
            #expect(portfolio.balance == Money(1000))
            #expect(user.hashedPassword.hasPrefix("$argon2id$v=19$"))

            let refresh = try #require(response.setCookieLine(AuthCookies.refresh))
            #expect(refresh.contains("HttpOnly"))
            #expect(refresh.contains("SameSite=Strict"))
            #expect(refresh.contains("Path=/api/v1/auth"))
            #expect(!refresh.contains("Secure"), "plain HTTP in testing: no Secure flag")
            let csrf = try #require(response.setCookieLine(AuthCookies.csrf))
            #expect(!csrf.contains("HttpOnly"))
        }
    }

    @Test func cookiesAreSecureBehindTLS() async throws {
        try await withDraizerApp(["TRUST_PROXY": "true"]) { app in
            var headers = TestUser.jsonHeaders
            headers.add(name: .xForwardedProto, value: "https")
            let response = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: headers,
                body: .json(#"{"email": "ada@example.com", "username": "ada", "password": "correct-Horse-battery-9"}"#))
            #expect(response.setCookieLine(AuthCookies.refresh)?.contains("Secure") == true)
            #expect(response.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
        }
    }

    @Test func theSameEmailCannotRegisterTwice() async throws {
        try await withDraizerApp { app in
            _ = try await TestUser.register(app)
            let again = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: TestUser.jsonHeaders,
                body: .json(#"{"email": "ADA@example.com", "username": "ada2", "password": "correct-Horse-battery-9"}"#))
            #expect(again.status == .conflict)
            #expect(try again.json()["type"] as? String == "/problems/account-exists")
            #expect(try await User.query(on: app.db).count() == 1)
            #expect(try await Portfolio.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: [
        (#"{"email": "not-an-email", "username": "ada", "password": "correct-Horse-battery-9"}"#, "email"),
        (#"{"email": "ada@example.com", "username": "a", "password": "correct-Horse-battery-9"}"#, "username"),
        (#"{"email": "ada@example.com", "username": "ada<script>", "password": "correct-Horse-battery-9"}"#, "username"),
        (#"{"email": "ada@example.com", "username": "ada", "password": "short"}"#, "password"),
        (#"{"email": "ada@example.com", "username": "ada", "password": "Password2026!"}"#, "password"),
        (#"{"email": "ada@example.com", "username": "ada", "password": "aaaaaaaaaaaaaaaa"}"#, "password"),
        (#"{"email": "ada@example.com", "username": "adalovelace", "password": "adalovelace-rules-1"}"#, "password"),
        (#"{"email": "ada@example.com", "username": "ada", "password": "correct-Horse-battery-9", "is_superuser": true}"#, "is_superuser"),
        (#"{"email": "ada@example.com", "password": "correct-Horse-battery-9"}"#, "username"),
    ])
    func invalidRegistrationsAreRejectedNamingTheField(body: String, field: String) async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: TestUser.jsonHeaders, body: .json(body))
            #expect(response.status == .badRequest, "\(body) → \(response.status)")
            let params = try response.json()["invalid_params"] as? [[String: String]]
            #expect(params?.contains { $0["name"] == field } == true, "\(response.body.string)")
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test func anOverlongPasswordIsRejectedBeforeHashing() async throws {
        try await withDraizerApp { app in
            let long = String(repeating: "x1Y", count: 50)
            let response = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: TestUser.jsonHeaders,
                body: .json(#"{"email": "ada@example.com", "username": "ada", "password": "\#(long)"}"#))
            #expect(response.status == .badRequest)
            #expect(try response.json()["type"] as? String == "/problems/weak-password")
        }
    }

    @Test func aBodyThatIsNotJSONIsA415OrA400() async throws {
        try await withDraizerApp { app in
            let text = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: ["Content-Type": "text/plain"], body: .json("hi"))
            #expect(text.status == .unsupportedMediaType)
            let broken = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: TestUser.jsonHeaders, body: .json("{"))
            #expect(broken.status == .badRequest)
            let array = try await app.sendRequest(.POST, "/api/v1/auth/register", headers: TestUser.jsonHeaders, body: .json("[]"))
            #expect(array.status == .badRequest)
        }
    }

    @Test func theVerificationMailConfirmsTheEmail() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.register(app)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == user.email).first())
            let token = try #require(mail.body.split(separator: "token=").last?.split(separator: "\n").first)
            let verified = try await app.sendRequest(.POST, "/api/v1/auth/verify-email", headers: TestUser.jsonHeaders,
                                                     body: .json(#"{"token": "\#(token)"}"#))
            #expect(verified.status == .ok)
            #expect(try verified.json()["is_verified"] as? Bool == true)
            let bogus = try await app.sendRequest(.POST, "/api/v1/auth/verify-email", headers: TestUser.jsonHeaders,
                                                  body: .json(#"{"token": "\#(user.accessToken)"}"#))
            // An access token is no verification link: a bad request, not a missing sign-in.
            #expect(bogus.status == .badRequest)
            #expect(try bogus.json()["type"] as? String == "/problems/invalid-token")
        }
    }
}
