import DraizerCore
import DraizerTestFakes
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Stop-loss and take-profit")
struct ExitTests {
    /// The LLM bot buys at 50 000 with a stop-loss at 49 000 and a take-profit at 52 500.
    private func buyWithExitPlan(_ app: Application, _ llm: FakeLLMServer) async throws -> TestUser {
        await llm.enqueue(ChatReplies.completion(content: ChatReplies.buyAnswer))
        let user = try await TestUser.enrolled(app)
        try await BotFixture.configure(app, user, #"{"engine": "llm", "notify": {"trades": true, "guardrails": true}}"#)
        try await BotFixture.start(app, user)
        let report = try await BotFixture.runDue(app)
        try #require(report.traded == 1, "the bot did not buy: \(report)")
        return user
    }

    private func waitForSale(_ app: Application, source: String) async throws -> PortfolioTransaction? {
        for _ in 0..<100 {
            if let sale = try await PortfolioTransaction.query(on: app.db).filter(\.$side == "sell").first() {
                #expect(sale.source == source)
                return sale
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    @Test(arguments: [("48900.00", "stop_loss"), ("52600.00", "take_profit")])
    func aTickPastALevelSellsThePositionBetweenCycles(price: String, trigger: String) async throws {
        try await FakeLLMServer.with { llm in
            await llm.acceptDefaultModel()
            try await BotFixture.withBots(llm: llm) { app, fake in
                let user = try await buyWithExitPlan(app, llm)
                let socket = try await fake.socket(1)
                // A tick that does not reach either level changes nothing.
                try await socket.send(miniTickerMessage(close: "50100.00", eventTime: fake.now))
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await PortfolioTransaction.query(on: app.db).filter(\.$side == "sell").count() == 0)

                try await socket.send(miniTickerMessage(close: price, eventTime: fake.now))
                let sale = try #require(try await waitForSale(app, source: trigger))
                #expect(try await Position.query(on: app.db).first()?.quantityUnits == 0)
                let decisions = try await BotFixture.decisions(app, user, query: "?trigger=\(trigger)")
                #expect(decisions.count == 1)
                #expect(decisions.first?["action"] as? String == "SELL")
                #expect(decisions.first?["executed"] as? Bool == true)
                #expect(decisions.first?["transaction_id"] as? String == sale.id?.uuidString)
                let bot = try await app.sendRequest(.GET, "/api/v1/ai/bot", headers: user.bearer).json()
                #expect(bot["exit_plan"] == nil)

                // Further ticks past the level do not sell again.
                try await socket.send(miniTickerMessage(close: price, eventTime: fake.now))
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await PortfolioTransaction.query(on: app.db).filter(\.$side == "sell").count() == 1)
                let mails = try await OutboxMessage.query(on: app.db).all()
                #expect(mails.contains { $0.subject.contains(trigger == "stop_loss" ? "stop-loss" : "take-profit") })
            }
        }
    }

    @Test func aStopLossOnAPositionSoldByHandSellsNothing() async throws {
        try await FakeLLMServer.with { llm in
            try await BotFixture.withBots(llm: llm) { app, fake in
                let user = try await buyWithExitPlan(app, llm)
                let position = try #require(try await Position.query(on: app.db).first())
                let quantity = Quantity(units: position.quantityUnits)
                let sold = try await app.sendRequest(.POST, "/api/v1/trading/orders", headers: user.bearer,
                                                     body: .json(#"{"side": "sell", "symbol": "BTCUSDT", "quantity": "\#(quantity)"}"#))
                #expect(sold.status == .created, "\(sold.body.string)")
                let socket = try await fake.socket(1)
                try await socket.send(miniTickerMessage(close: "48000.00", eventTime: fake.now))
                try await Task.sleep(for: .milliseconds(500))
                #expect(try await PortfolioTransaction.query(on: app.db).filter(\.$side == "sell").count() == 1)
                #expect(try await PortfolioTransaction.query(on: app.db).filter(\.$source == "stop_loss").count() == 0)
            }
        }
    }
}
