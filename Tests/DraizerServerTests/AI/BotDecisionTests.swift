import DraizerCore
import DraizerTestFakes
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Bot decisions")
struct BotDecisionTests {
    @Test func anAnalysisWithTheRulesEngineIsRecordedWithWhatItSawAndTradesNothingUnlessAsked() async throws {
        try await BotFixture.withBots { app, _ in
            let user = try await TestUser.enrolled(app)
            let response = try await app.sendRequest(.POST, "/api/v1/ai/analyze", headers: user.bearer, body: .json(#"{"execute": false}"#))
            #expect(response.status == .created, "\(response.body.string)")
            let decision = try response.json()
            #expect(decision["engine"] as? String == "rules")
            #expect(decision["trigger"] as? String == "manual")
            #expect(decision["source"] as? String == "binance")
            #expect(try Price(try #require(decision["price"] as? String)) == Price(BotFixture.price))
            #expect(decision["executed"] as? Bool == false)
            #expect(!(try #require(decision["reasoning"] as? String)).isEmpty)
            let snapshot = try #require(decision["market_snapshot"] as? [String: Any])
            let indicators = try #require(snapshot["indicators_15m"] as? [String: Any])
            #expect(indicators["ema20"] is Double && indicators["rsi14"] is Double)
            #expect(snapshot["candles_4h"] as? Int == MarketView.candleCount4h)
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 0)
            let feed = try await BotFixture.decisions(app, user)
            #expect(feed.count == 1 && feed.first?["id"] as? String == decision["id"] as? String)
        }
    }

    @Test func anLLMBuyIsSizedByTheGuardrailsExecutedAndAuditedWithTheExactPrompt() async throws {
        try await FakeLLMServer.with { llm in
            await llm.acceptDefaultModel()
            await llm.enqueue(ChatReplies.completion(content: ChatReplies.buyAnswer))
            try await BotFixture.withBots(llm: llm) { app, _ in
                let user = try await TestUser.enrolled(app)
                try await BotFixture.configure(app, user, #"{"engine": "llm"}"#)
                let response = try await app.sendRequest(.POST, "/api/v1/ai/analyze", headers: user.bearer,
                                                         body: .json(#"{"execute": true}"#))
                #expect(response.status == .created, "\(response.body.string)")
                let decision = try response.json()
                #expect(decision["action"] as? String == "BUY")
                #expect(decision["engine"] as? String == "llm")
                #expect(decision["model"] as? String == "deepseek-v4-flash")
                #expect(decision["executed"] as? Bool == true)
                // The model asked for 250.50 USD; the position cap (25 % of 1 000 USD equity) allows 250.
                #expect(decision["verdict"] as? String == "adjust")
                let notes = try #require(decision["guardrail_notes"] as? [[String: Any]])
                #expect(notes.contains { $0["rule"] as? String == "max_position_share" })
                let transactionID = try #require(decision["transaction_id"] as? String)
                let trade = try #require(try await PortfolioTransaction.find(UUID(uuidString: transactionID), on: app.db))
                #expect(trade.source == "bot")
                #expect(Money(units: trade.quoteAmountUnits + trade.feeUnits) <= Money(250))
                #expect(decision["prompt_tokens"] as? Int == 1_500 && decision["cached_tokens"] as? Int == 1_280)
                #expect(try Money(try #require(decision["cost_usd"] as? String)).isPositive)

                let sent = try #require(await llm.chatRequests.first)
                let prompt = try #require(decision["prompt"] as? [String: Any])
                #expect(prompt["system"] as? String == sent.system)
                #expect(prompt["user"] as? String == sent.user)
                #expect(sent.user.contains("BTCUSDT") && sent.system.lowercased().contains("json"))
                #expect(decision["raw_response"] as? String == ChatReplies.buyAnswer)

                let bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
                let exit = try #require(bot["exit_plan"] as? [String: Any])
                #expect(try Price(try #require(exit["stop_loss"] as? String)) == Price(49_000))
                #expect(try Price(try #require(exit["take_profit"] as? String)) == Price(52_500))
            }
        }
    }

    @Test(arguments: [
        ("an answer that is prose", ChatReplies.completion(content: "I would buy some bitcoin here, say 200 USD."), "malformed_answer"),
        ("an out-of-range confidence", ChatReplies.completion(content: #"{"action": "BUY", "confidence": 150, "reasoning": "x", "amount_usd": "100", "exit_plan": {"stop_loss": "49000", "take_profit": "52000", "invalidation": ""}}"#), "invalid_answer"),
        ("no balance at the provider", ChatReplies.error(402, "Insufficient Balance"), "insufficient_balance"),
        ("a bad key", ChatReplies.error(401, "Authentication Fails"), "authentication_failed"),
    ])
    func aFailedLLMAnswerBecomesAHoldWithTheErrorAndNeverATrade(
        _ label: String, reply: FakeLLMServer.Reply, code: String
    ) async throws {
        try await FakeLLMServer.with { llm in
            await llm.enqueue(reply, reply)
            try await BotFixture.withBots(llm: llm) { app, _ in
                let user = try await TestUser.enrolled(app)
                try await BotFixture.configure(app, user, #"{"engine": "llm"}"#)
                let response = try await app.sendRequest(.POST, "/api/v1/ai/analyze", headers: user.bearer,
                                                         body: .json(#"{"execute": true}"#))
                #expect(response.status == .created, "\(label): \(response.body.string)")
                let decision = try response.json()
                #expect(decision["action"] as? String == "HOLD", "\(label)")
                #expect(decision["executed"] as? Bool == false)
                #expect((decision["error"] as? [String: Any])?["code"] as? String == code, "\(label): \(decision["error"] ?? "none")")
                #expect(try await PortfolioTransaction.query(on: app.db).count() == 0)
            }
        }
    }

    @Test func theLLMEngineCannotBeChosenOrRunWithoutAKey() async throws {
        try await BotFixture.withBots { app, _ in
            let user = try await TestUser.enrolled(app)
            let response = try await app.sendRequest(.PUT, "/api/v1/ai/bot", headers: user.bearer, body: .json(#"{"engine": "llm"}"#))
            #expect(response.status == .badRequest)
            #expect(try response.json()["reason"] as? String == "llm_unavailable")
        }
    }
}

@Suite("Bot decisions over time")
struct BotHistoryTests {
    @Test func theNextPromptTellsTheModelWhatCameOfItsLastDecision() async throws {
        try await FakeLLMServer.with { llm in
            await llm.enqueue(ChatReplies.completion(content: ChatReplies.buyAnswer), ChatReplies.completion(content: ChatReplies.holdAnswer))
            try await BotFixture.withBots(llm: llm) { app, _ in
                let user = try await TestUser.enrolled(app)
                try await BotFixture.configure(app, user, #"{"engine": "llm"}"#)
                for _ in 0..<2 {
                    let response = try await app.sendRequest(.POST, "/api/v1/ai/analyze", headers: user.bearer,
                                                             body: .json(#"{"execute": true}"#))
                    #expect(response.status == .created, "\(response.body.string)")
                }
                let second = try #require(await llm.chatRequests.last)
                let history = try #require(second.user.range(of: "## Your recent decisions"))
                let rows = second.user[history.upperBound...]
                #expect(rows.contains("BUY"), "\(rows.prefix(400))")
                #expect(rows.contains("position open, unrealized P&L"), "\(rows.prefix(400))")
            }
        }
    }

    @Test func aMissingModelIsReportedOnTheBot() async throws {
        try await FakeLLMServer.with { llm in
            await llm.setModels(ChatReplies.models(["deepseek-chat", "deepseek-reasoner"]))
            try await BotFixture.withBots(llm: llm) { app, _ in
                let user = try await TestUser.enrolled(app)
                try await #require(app.botScheduler).service.engines.checkModel(logger: app.logger)
                let bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
                let status = try #require(bot["llm_status"] as? String)
                #expect(status.contains("'deepseek-v4-flash' does not exist"), "\(status)")
            }
        }
    }

    @Test func theDailyLossLimitPausesTheBotUntilTheNextUTCDay() async throws {
        try await BotFixture.withBots { app, fake in
            var user = try await TestUser.enrolled(app)
            try await BotFixture.start(app, user)
            // The day started with 1 100 USD of equity: at 1 000 the bot is down 9 %, past the 3 % limit.
            let today = BotTrader.utcDay(Int64(app.wallClock.now().timeIntervalSince1970 * 1000))
            try await Bot.query(on: app.db).set(\.$dayStartDate, to: today).set(\.$dayStartEquityUnits, to: Money(1100).units).update()
            try await BotFixture.runDue(app)
            var bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
            #expect(bot["status"] as? String == "paused")
            #expect((bot["paused_reason"] as? String)?.contains("daily loss limit") == true, "\(bot)")
            let decision = try #require(try await BotFixture.decisions(app, user).first)
            #expect((decision["guardrail_notes"] as? [[String: Any]])?.first?["rule"] as? String == "daily_loss_limit")

            // Past midnight UTC the pause lifts by itself and the bot decides again.
            let now = app.wallClock.now().timeIntervalSince1970
            app.testClock.advance(by: (floor(now / 86_400) + 1) * 86_400 - now + 1)
            try await BotFixture.tick(app, fake)
            #expect(try await BotFixture.runDue(app).decided == 1)
            try await user.signIn(app)
            bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
            #expect(bot["status"] as? String == "running")
        }
    }
}
