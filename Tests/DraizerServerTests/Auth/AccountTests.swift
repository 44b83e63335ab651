import DraizerCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("The account: password, sessions, events, deletion, audit")
struct AccountTests {
    @Test func changingThePasswordEndsOtherSessionsAndKeepsThisOne() async throws {
        try await withDraizerApp { app in
            var laptop = try await TestUser.enrolled(app)
            var phone = laptop
            try await phone.signIn(app)
            app.testClock.advance(by: 2)
            let wrong = try await app.sendRequest(.POST, "/api/v1/auth/password/change", headers: laptop.bearer,
                body: .json(#"{"current_password": "nope-nope-nope", "new_password": "an0ther-Long-secret"}"#))
            #expect(wrong.status == .badRequest)
            let changed = try await app.sendRequest(.POST, "/api/v1/auth/password/change", headers: laptop.bearer,
                body: .json(#"{"current_password": "\#(laptop.password)", "new_password": "an0ther-Long-secret"}"#))
            #expect(changed.status == .ok, "\(changed.body.string)")
            laptop.accessToken = try #require(try changed.json()["access_token"] as? String)
            #expect(try await app.sendRequest(.GET, "/api/v1/users/me", headers: laptop.bearer).status == .ok)
            #expect(try await app.sendRequest(.GET, "/api/v1/users/me", headers: phone.bearer).status == .unauthorized)
            #expect(try await laptop.login(app, password: "an0ther-Long-secret").status == .ok)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$eventType == "password_changed").count() == 1)
        }
    }

    @Test func sessionsAreListedAndOneCanBeRevoked() async throws {
        try await withDraizerApp { app in
            let laptop = try await TestUser.enrolled(app)
            var phone = laptop
            try await phone.signIn(app)
            let list = try await app.sendRequest(.GET, "/api/v1/users/me/sessions", headers: laptop.bearer)
            let sessions = try #require(try JSONSerialization.jsonObject(with: Data(list.body.readableBytesView)) as? [[String: Any]])
            #expect(sessions.count == 2)
            #expect(sessions.filter { $0["current"] as? Bool == true }.count == 1)
            let other = try #require(sessions.first { $0["current"] as? Bool == false }?["id"] as? String)
            let revoke = try await app.sendRequest(.DELETE, "/api/v1/users/me/sessions/\(other)", headers: laptop.bearer)
            #expect(revoke.status == .noContent)
            #expect(try await app.sendRequest(.GET, "/api/v1/users/me", headers: phone.bearer).status == .unauthorized)
            #expect(try await app.sendRequest(.DELETE, "/api/v1/users/me/sessions/not-a-uuid", headers: laptop.bearer).status == .badRequest)
            #expect(try await app.sendRequest(.DELETE, "/api/v1/users/me/sessions/\(UUID())", headers: laptop.bearer).status == .notFound)
        }
    }

    @Test func securityEventsArePaginated() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            for _ in 1...3 { _ = try await user.login(app, password: "wrong-password-123") }
            let page = try await app.sendRequest(.GET, "/api/v1/users/me/security-events?per_page=2", headers: user.bearer)
            let body = try page.json()
            #expect((body["items"] as? [[String: Any]])?.count == 2)
            #expect((body["total"] as? Int ?? 0) >= 4)
            #expect(try await app.sendRequest(.GET, "/api/v1/users/me/security-events?per_page=1000", headers: user.bearer).status == .badRequest)
        }
    }

    @Test func theProfileCanBeUpdated() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let updated = try await app.sendRequest(.PATCH, "/api/v1/users/me", headers: user.bearer,
                                                    body: .json(#"{"full_name": "Ada Lovelace", "username": "countess"}"#))
            #expect(updated.status == .ok)
            #expect(try updated.json()["username"] as? String == "countess")
            let bad = try await app.sendRequest(.PATCH, "/api/v1/users/me", headers: user.bearer, body: .json(#"{"email": "x@y.z"}"#))
            #expect(bad.status == .badRequest)
        }
    }

    @Test func deletingTheAccountNeedsPasswordAndCodeAndRemovesEverything() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let userID = try #require(try await User.query(on: app.db).first()?.id)
            app.testClock.advance(by: 30)
            let noCode = try await app.sendRequest(.DELETE, "/api/v1/users/me", headers: user.bearer,
                                                   body: .json(#"{"password": "\#(user.password)"}"#))
            #expect(noCode.status == .badRequest)
            let deleted = try await app.sendRequest(.DELETE, "/api/v1/users/me", headers: user.bearer,
                                                    body: .json(#"{"password": "\#(user.password)", "code": "\#(user.code(nil, app))"}"#))
            #expect(deleted.status == .noContent)
            #expect(try await User.query(on: app.db).count() == 0)
            #expect(try await Portfolio.query(on: app.db).count() == 0)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            #expect(try await AuditLog.query(on: app.db).filter(\.$userID == userID).filter(\.$action == "user.delete").count() == 1)
        }
    }

    @Test func stateChangingRequestsAndDomainEventsAreAudited() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            _ = try await user.login(app, password: "wrong-password-123")
            let rows = try await AuditLog.query(on: app.db).all()
            let actions = rows.map(\.action)
            for action in ["auth.register", "auth.mfa.setup", "auth.mfa.enable", "auth.login", "http.post"] {
                #expect(actions.contains(action), "missing \(action)")
            }
            let failure = try #require(rows.first { $0.action == "auth.login" && $0.outcome == "failure" })
            #expect(failure.requestID?.isEmpty == false)
            #expect(failure.ipAddress != nil)
            #expect(rows.contains { $0.action == "http.post" && $0.resourceID == "/api/v1/auth/login" && $0.outcome == "denied" })
        }
    }
}
