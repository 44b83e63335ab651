import DraizerCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Bot settings")
struct BotSettingsTests {
    @Test func aNewBotIsStoppedWithCautiousDefaultsAndTheRulesEngineWithoutAnLLMKey() async throws {
        try await withDraizerApp(["AI_SCHEDULER_POLL_SECONDS": "0", "AI_DECISION_INTERVAL_MINUTES": "30"]) { app in
            let user = try await TestUser.enrolled(app)
            let bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
            #expect(bot["status"] as? String == "stopped")
            #expect(bot["engine"] as? String == "rules")
            #expect(bot["llm_available"] as? Bool == false)
            #expect(bot["symbol"] as? String == "BTCUSDT")
            #expect(bot["interval_minutes"] as? Int == 30)
            let risk = try #require(bot["risk"] as? [String: Any])
            #expect(risk["max_position_pct"] as? String == "25.00")
            #expect(risk["min_confidence"] as? Int == 60)
            #expect(risk["daily_loss_limit_pct"] as? String == "3.00")
            #expect(risk["require_stop_loss"] as? Bool == true)
            #expect(bot["next_run_at"] == nil)
        }
    }

    @Test func settingsChangeOnlyTheGivenFieldsAndNullRemovesTheDailyLossLimit() async throws {
        try await withDraizerApp(["AI_SCHEDULER_POLL_SECONDS": "0"]) { app in
            let user = try await TestUser.enrolled(app)
            let bot = try await BotFixture.configure(app, user, #"""
                {"interval_minutes": 60, "risk": {"max_position_pct": 40.5, "max_order_usd": "150",
                 "cooldown_minutes": 0, "daily_loss_limit_pct": null}, "notify": {"trades": true}}
                """#)
            #expect(bot["interval_minutes"] as? Int == 60)
            let risk = try #require(bot["risk"] as? [String: Any])
            #expect(risk["max_position_pct"] as? String == "40.50")
            #expect(try Money(try #require(risk["max_order_usd"] as? String)) == Money(150))
            #expect(risk["daily_loss_limit_pct"] == nil)
            #expect(risk["min_confidence"] as? Int == 60)
            #expect((bot["notify"] as? [String: Any])?["trades"] as? Bool == true)
            #expect((bot["notify"] as? [String: Any])?["pauses"] as? Bool == true)
            let again = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
            #expect((again["risk"] as? [String: Any])?["max_position_pct"] as? String == "40.50")
        }
    }

    @Test(arguments: [
        (#"{"interval_minutes": 0}"#, "interval_minutes"),
        (#"{"engine": "gpt"}"#, "engine"),
        (#"{"symbol": "DOGEUSDT"}"#, "symbol"),
        (#"{"risk": {"max_position_pct": 150}}"#, "risk.max_position_pct"),
        (#"{"risk": {"max_position_pct": "12.345"}}"#, "risk.max_position_pct"),
        (#"{"risk": {"max_order_usd": "-5"}}"#, "risk.max_order_usd"),
        (#"{"risk": {"min_confidence": 101}}"#, "risk.min_confidence"),
        (#"{"risk": {"stop_loss_pct": 2}}"#, "risk.stop_loss_pct"),
        (#"{"notify": {"sms": true}}"#, "notify.sms"),
        (#"{"engine": "llm"}"#, "engine"),
        (#"{"colour": "red"}"#, "colour"),
    ])
    func invalidSettingsAreRefusedWithTheFieldNamedAndNothingChanges(body: String, field: String) async throws {
        try await withDraizerApp(["AI_SCHEDULER_POLL_SECONDS": "0"]) { app in
            let user = try await TestUser.enrolled(app)
            let before = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
            let response = try await app.sendRequest(.PUT, "/api/v1/ai/bot", headers: user.bearer, body: .json(body))
            #expect(response.status == .badRequest, "\(body): \(response.body.string)")
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            let params = try #require(try response.json()["invalid_params"] as? [[String: Any]])
            #expect(params.contains { $0["name"] as? String == field }, "\(params)")
            let after = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
            #expect(NSDictionary(dictionary: after) == NSDictionary(dictionary: before))
        }
    }

    @Test func oneInvalidFieldKeepsTheValidOnesFromBeingApplied() async throws {
        try await withDraizerApp(["AI_SCHEDULER_POLL_SECONDS": "0"]) { app in
            let user = try await TestUser.enrolled(app)
            let response = try await app.sendRequest(.PUT, "/api/v1/ai/bot", headers: user.bearer,
                                                     body: .json(#"{"interval_minutes": 60, "risk": {"min_confidence": 101}}"#))
            #expect(response.status == .badRequest)
            let bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
            #expect(bot["interval_minutes"] as? Int == 15)
        }
    }

    @Test func startAndStopAreIdempotentAndStartingSchedulesTheFirstCycleNow() async throws {
        try await withDraizerApp(["AI_SCHEDULER_POLL_SECONDS": "0"]) { app in
            let user = try await TestUser.enrolled(app)
            for _ in 0..<2 {
                let started = try await app.sendRequest(.POST, "/api/v1/ai/bot/start", headers: user.bearer)
                #expect(started.status == .ok)
                let body = try started.json()
                #expect(body["status"] as? String == "running")
                let next = try #require(body["next_run_at"] as? String)
                let date = try #require(ISO8601DateFormatter().date(from: next))
                #expect(abs(date.timeIntervalSince(app.wallClock.now())) < 1)
            }
            for _ in 0..<2 {
                let stopped = try await app.sendRequest(.POST, "/api/v1/ai/bot/stop", headers: user.bearer)
                #expect(try stopped.json()["status"] as? String == "stopped")
            }
        }
    }

    @Test func anotherUsersDecisionIsNotFound() async throws {
        try await withDraizerApp(["AI_SCHEDULER_POLL_SECONDS": "0"]) { app in
            let ada = try await TestUser.enrolled(app, name: "ada")
            let bob = try await TestUser.enrolled(app, name: "bob")
            let analysis = try await app.sendRequest(.POST, "/api/v1/ai/analyze", headers: ada.bearer, body: .json("{}"))
            #expect(analysis.status == .created, "\(analysis.body.string)")
            let id = try #require(try analysis.json()["id"] as? String)
            let mine = try await app.sendRequest(.GET, "/api/v1/ai/decisions/\(id)", headers: ada.bearer)
            #expect(mine.status == .ok)
            let theirs = try await app.sendRequest(.GET, "/api/v1/ai/decisions/\(id)", headers: bob.bearer)
            #expect(theirs.status == .notFound)
            let bogus = try await app.sendRequest(.GET, "/api/v1/ai/decisions/not-a-uuid", headers: ada.bearer)
            #expect(bogus.status == .notFound)
        }
    }

    @Test(arguments: ["?action=BUYY", "?engine=gpt", "?per_page=500", "?executed=maybe", "?trigger=cron",
                      "?from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z"])
    func badDecisionFiltersAreA400(query: String) async throws {
        try await withDraizerApp(["AI_SCHEDULER_POLL_SECONDS": "0"]) { app in
            let user = try await TestUser.enrolled(app)
            let response = try await app.sendRequest(.GET, "/api/v1/ai/decisions\(query)", headers: user.bearer)
            #expect(response.status == .badRequest, "\(query): \(response.body.string)")
        }
    }
}
