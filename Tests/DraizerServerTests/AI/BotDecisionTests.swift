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
