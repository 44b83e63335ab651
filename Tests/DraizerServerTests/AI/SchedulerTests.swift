import DraizerCore
import DraizerTestFakes
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Bot scheduler")
struct SchedulerTests {
    private func nextRun(_ bot: [String: Any]) throws -> Date {
        let text = try #require(bot["next_run_at"] as? String)
        return try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test func aDueCycleRunsOnceHoweverOftenTheSchedulerLooks() async throws {
        try await BotFixture.withBots { app, _ in
            var user = try await TestUser.enrolled(app)
            try await BotFixture.start(app, user)
            #expect(try await BotFixture.runDue(app).decided == 1)
            #expect(try await BotFixture.runDue(app).decided == 0)
            app.testClock.advance(by: 14 * 60)
            #expect(try await BotFixture.runDue(app).decided == 0)
            app.testClock.advance(by: 60)
            #expect(try await BotFixture.runDue(app).decided == 1)
            // The access token lapsed while the clock moved on.
            try await user.signIn(app)
            let decisions = try await BotFixture.decisions(app, user)
            #expect(decisions.count == 2)
            #expect(decisions.allSatisfy { $0["trigger"] as? String == "schedule" })
        }
    }

    @Test func aServerThatWasDownRunsOneCycleNotEveryMissedOneAndStaysOnTheGrid() async throws {
        try await BotFixture.withBots { app, _ in
            var user = try await TestUser.enrolled(app)
            try await BotFixture.start(app, user)
            let started = app.wallClock.now()
            try await BotFixture.runDue(app)
            app.testClock.advance(by: 2 * 3600 + 5 * 60)
            #expect(try await BotFixture.runDue(app).decided == 1)
            try await user.signIn(app)
            #expect(try await BotFixture.decisions(app, user).count == 2)
            let bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
            let next = try nextRun(bot)
            // The first slot after now on the 15-minute grid the bot started on.
            #expect(abs(next.timeIntervalSince(started) - (2 * 3600 + 15 * 60)) < 1)
        }
    }

    @Test func aStoppedBotIsNotRunAndAStartedOneIsRunWithoutTouchingOthers() async throws {
        try await BotFixture.withBots { app, _ in
            let ada = try await TestUser.enrolled(app, name: "ada")
            let bob = try await TestUser.enrolled(app, name: "bob")
            try await BotFixture.start(app, ada)
            try await BotFixture.start(app, bob)
            _ = try await app.sendRequest(.POST, "/api/v1/ai/bot/stop", headers: bob.bearer)
            #expect(try await BotFixture.runDue(app).decided == 1)
            #expect(try await BotFixture.decisions(app, ada).count == 1)
            #expect(try await BotFixture.decisions(app, bob).count == 0)
        }
    }

    @Test func aFailingBotIsBackedOffThenPausedWithoutHoldingUpAHealthyOne() async throws {
        try await FakeLLMServer.with { llm in
            await llm.setFallback(ChatReplies.error(402, "Insufficient Balance"))
            try await BotFixture.withBots(llm: llm) { app, fake in
                var failing = try await TestUser.enrolled(app, name: "ada")
                var healthy = try await TestUser.enrolled(app, name: "bob")
                try await BotFixture.configure(app, failing, #"{"engine": "llm"}"#)
                try await BotFixture.configure(app, healthy, #"{"engine": "rules"}"#)
                try await BotFixture.start(app, failing)
                try await BotFixture.start(app, healthy)

                let first = try await BotFixture.runDue(app)
                #expect(first.decided == 2 && first.failed == 1)
                var bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: failing.bearer).json()
                #expect(bot["consecutive_failures"] as? Int == 1)
                let next = try nextRun(bot)
                // Two intervals instead of one after the first failure.
                #expect(abs(next.timeIntervalSince(app.wallClock.now()) - 30 * 60) < 1)

                app.testClock.advance(by: 15 * 60)
                #expect(try await BotFixture.runDue(app).decided == 1, "only the healthy bot is due")
                app.testClock.advance(by: 15 * 60)
                try await BotFixture.runDue(app)
                app.testClock.advance(by: 3600)
                try await BotFixture.tick(app, fake)
                try await BotFixture.runDue(app)
                try await failing.signIn(app)
                try await healthy.signIn(app)
                bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: failing.bearer).json()
                #expect(bot["status"] as? String == "paused")
                #expect((bot["paused_reason"] as? String)?.contains("insufficient balance") == true, "\(bot["paused_reason"] ?? "")")
                let healthyBot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: healthy.bearer).json()
                #expect(healthyBot["status"] as? String == "running")
                #expect(try await BotFixture.decisions(app, healthy).count == 4)

                // Starting it again is the user's call, and resets the count.
                try await BotFixture.start(app, failing)
                bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: failing.bearer).json()
                #expect(bot["status"] as? String == "running" && bot["consecutive_failures"] as? Int == 0)
            }
        }
    }

    @Test func aPausedBotsOwnerIsToldByEmailWhenTheyOptedIn() async throws {
        try await FakeLLMServer.with { llm in
            await llm.setFallback(ChatReplies.error(402, "Insufficient Balance"))
            try await BotFixture.withBots(llm: llm, ["AI_MAX_CONSECUTIVE_FAILURES": "1"]) { app, _ in
                let user = try await TestUser.enrolled(app)
                try await BotFixture.configure(app, user, #"{"engine": "llm", "notify": {"pauses": true}}"#)
                try await BotFixture.start(app, user)
                try await BotFixture.runDue(app)
                let mails = try await OutboxMessage.query(on: app.db).all()
                #expect(mails.contains { $0.subject.contains("paused") && $0.recipient == user.email }, "\(mails.map(\.subject))")
            }
        }
    }

    @Test func aCycleRecordedByAnotherInstanceIsNotRecordedOrTradedAgain() async throws {
        try await BotFixture.withBots { app, _ in
            let user = try await TestUser.enrolled(app)
            try await BotFixture.start(app, user)
            let scheduler = try #require(app.botScheduler)
            // Two instances claim the same cycle: the second after the first one's claim lapsed, before it finished.
            let first = try await scheduler.claim(on: app.db, now: app.wallClock.now())
            try await Bot.query(on: app.db).set(\.$claimedUntil, to: 0).update()
            let other = BotScheduler(service: scheduler.service, instance: "other", leaseMilliseconds: 60_000)
            let second = try await other.claim(on: app.db, now: app.wallClock.now())
            #expect(first.count == 1 && second.count == 1)
            let context = app.backgroundContext(label: "test")
            let a = await scheduler.service.runCycle(first, instance: scheduler.instance, context: context)
            let b = await scheduler.service.runCycle(second, instance: "other", context: context)
            #expect(a.duplicates + b.duplicates == 1)
            #expect(try await AIDecision.query(on: app.db).count() == 1)
            #expect(try await PortfolioTransaction.query(on: app.db).count() <= 1)
        }
    }
}
