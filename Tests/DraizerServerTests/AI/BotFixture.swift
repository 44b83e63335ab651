import DraizerCore
import DraizerTestFakes
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

/// Bots against a market we control: the fake exchange quotes BTCUSDT at 50 000 with 15-minute and
/// 4-hour history in a steady rise, and (when given) the fake LLM answers for the LLM engine. The
/// scheduler does not poll: tests run cycles themselves on the manual clock.
enum BotFixture {
    static let price = 50_000

    static func withBots(
        llm: FakeLLMServer? = nil, _ overrides: [String: String] = [:],
        _ body: (Application, FakeBinanceServer) async throws -> Void
    ) async throws {
        try await FakeBinanceServer.with { fake in
            // A whole second, so that times computed in milliseconds add up exactly as the clock advances.
            let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            let now = Int64(start.timeIntervalSince1970 * 1000)
            fake.pingStreams(every: .seconds(5))
            fake.setPrice("BTCUSDT", "\(price).00000000")
            fake.setTicker("BTCUSDT", ticker(now: now))
            fake.setKlines("BTCUSDT", history(now: now, length: 60_000, count: 60))
            fake.setKlines("BTCUSDT", interval: "15m", history(now: now, length: 900_000, count: 120))
            fake.setKlines("BTCUSDT", interval: "4h", history(now: now, length: 14_400_000, count: 80))
            var values = [
                "MARKET_DATA_SOURCE": "binance", "BINANCE_API_URL": fake.restURL, "BINANCE_STREAM_URL": fake.streamURL,
                "AI_SCHEDULER_POLL_SECONDS": "0", "MAX_PRICE_AGE_SECONDS": "3600",
            ]
            if let llm {
                values["DEEPSEEK_API_KEY"] = "sk-test"
                values["DEEPSEEK_BASE_URL"] = llm.baseURL
            }
            try await withDraizerApp(values.merging(overrides) { _, new in new }, clock: ManualClock(start)) { app in
                try await body(app, fake)
            }
        }
    }

    /// Bars rising by 10 USD each up to the current price, the last one closed before `now`.
    static func history(now: Int64, length: Int64, count: Int) -> [FakeKline] {
        let lastOpen = (now / length - 1) * length
        return (0..<count).map { index in
            let close = price - (count - 1 - index) * 10
            return FakeKline(openTime: lastOpen - Int64(count - 1 - index) * length, open: "\(close - 5).00000000",
                             high: "\(close + 20).00000000", low: "\(close - 25).00000000", close: "\(close).00000000",
                             volume: "12.50000000", length: length)
        }
    }

    static func ticker(now: Int64) -> String {
        #"{"symbol":"BTCUSDT","priceChange":"500.00000000","priceChangePercent":"1.010","weightedAvgPrice":"49800.00000000","# +
            #""prevClosePrice":"49500.00000000","lastPrice":"\#(price).00000000","lastQty":"0.01000000","bidPrice":"49999.99000000","# +
            #""bidQty":"1.00000000","askPrice":"50000.01000000","askQty":"1.00000000","openPrice":"49500.00000000","# +
            #""highPrice":"50100.00000000","lowPrice":"49400.00000000","volume":"1234.50000000","quoteVolume":"61725000.00000000","# +
            #""openTime":\#(now - 86_400_000),"closeTime":\#(now),"firstId":1,"lastId":1000,"count":1000}"#
    }

    /// Puts the bot's settings through the API and returns the response body.
    @discardableResult
    static func configure(_ app: Application, _ user: TestUser, _ json: String) async throws -> [String: Any] {
        let response = try await app.sendRequest(.PUT, "/api/v1/ai/bot", headers: user.bearer, body: .json(json))
        try #require(response.status == .ok, "PUT /ai/bot: \(response.body.string)")
        return try response.json()
    }

    static func start(_ app: Application, _ user: TestUser) async throws {
        let response = try await app.sendRequest(.POST, "/api/v1/ai/bot/start", headers: user.bearer)
        try #require(response.status == .ok, "start: \(response.body.string)")
    }

    static func decisions(_ app: Application, _ user: TestUser, query: String = "") async throws -> [[String: Any]] {
        let response = try await app.sendRequest(.GET, "/api/v1/ai/decisions\(query)", headers: user.bearer)
        try #require(response.status == .ok, "decisions: \(response.body.string)")
        return try #require(try response.json()["items"] as? [[String: Any]])
    }

    /// Sends a price over the exchange's stream and waits until the server has it, fresh at its clock.
    static func tick(_ app: Application, _ fake: FakeBinanceServer, price: String = "\(price).00") async throws {
        let socket = try await fake.socket(1)
        try await socket.send(miniTickerMessage(close: price, eventTime: fake.now))
        let hub = try #require(app.storage[MarketHubKey.self])
        let now = Int64(app.wallClock.now().timeIntervalSince1970 * 1000)
        for _ in 0..<100 {
            if let latest = await hub.latestPrice(try Symbol("BTCUSDT")), latest.observedAt >= now - 1 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the server never received the tick")
    }

    /// Runs every cycle due at the application's clock.
    @discardableResult
    static func runDue(_ app: Application) async throws -> BotService.CycleReport {
        try await #require(app.botScheduler).runDue(app: app, now: app.wallClock.now())
    }
}

extension FakeLLMServer {
    /// An LLM configured with the model the server expects.
    func acceptDefaultModel() async { setModels(ChatReplies.models(["deepseek-v4-flash", "deepseek-v4-pro"])) }
}
