import DraizerCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Market endpoints")
struct MarketEndpointTests {
    @Test func symbolsCarryTheirExchangeFiltersAndSource() async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.GET, "/api/v1/market/symbols")
            let symbols = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
            let btc = try #require(symbols.first { $0["symbol"] as? String == "BTCUSDT" })
            #expect(btc["tick_size"] as? String == "0.01")
            #expect(btc["source"] as? String == "simulated")
            #expect(btc["min_notional"] != nil)
        }
    }

    @Test func thePriceSaysWhereItComesFromAndWhetherItIsStale() async throws {
        try await withDraizerApp(["MARKET_LIVE_UPDATES": "false"]) { app in
            let fresh = try await app.sendRequest(.GET, "/api/v1/market/price?symbol=btcusdt").json()
            #expect(fresh["source"] as? String == "simulated")
            #expect(fresh["stale"] as? Bool == false)
            _ = try Price(try #require(fresh["price"] as? String))
            app.testClock.advance(by: 120)
            let stale = try await app.sendRequest(.GET, "/api/v1/market/price?symbol=BTCUSDT").json()
            #expect(stale["stale"] as? Bool == true)
        }
    }

    @Test func candlesAreServedAndCachedOnce() async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.GET, "/api/v1/market/candles?symbol=BTCUSDT&interval=15m&limit=50")
            #expect(response.status == .ok)
            let candles = try #require(try response.json()["candles"] as? [[String: Any]])
            #expect(candles.count == 50)
            let times = candles.compactMap { $0["open_time"] as? Int64 }
            #expect(times == times.sorted())
            #expect(Set(times).count == times.count)
            let cached = try await MarketCandle.query(on: app.db).filter(\.$interval == "15m").count()
            #expect(cached == 50)
            _ = try await app.sendRequest(.GET, "/api/v1/market/candles?symbol=BTCUSDT&interval=15m&limit=50")
            #expect(try await MarketCandle.query(on: app.db).filter(\.$interval == "15m").count() == 50, "upserts are idempotent")
        }
    }

    @Test(arguments: [
        "/api/v1/market/price",
        "/api/v1/market/price?symbol=BTC-USDT",
        "/api/v1/market/price?symbol=XRPUSDT",
        "/api/v1/market/candles?symbol=BTCUSDT&interval=7m",
        "/api/v1/market/candles?symbol=BTCUSDT&limit=0",
        "/api/v1/market/candles?symbol=BTCUSDT&limit=5000",
        "/api/v1/market/candles?symbol=BTCUSDT&start=200&end=100",
        "/api/v1/market/candles?symbol=BTCUSDT&start=yesterday",
    ])
    func badQueriesAreA400(path: String) async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.GET, path)
            #expect(response.status == .badRequest, "\(path): \(response.body.string)")
            #expect(try response.json()["type"] as? String == "/problems/validation")
        }
    }

    @Test func theTickerDescribesTheLastDay() async throws {
        try await withDraizerApp { app in
            let ticker = try await app.sendRequest(.GET, "/api/v1/market/ticker?symbol=BTCUSDT").json()
            let high = try Price(try #require(ticker["high_price"] as? String))
            let low = try Price(try #require(ticker["low_price"] as? String))
            let last = try Price(try #require(ticker["last_price"] as? String))
            #expect(low <= last && last <= high)
            #expect(ticker["source"] as? String == "simulated")
        }
    }
}

@Suite("The candle cache follows the live stream")
struct CandleRecordingTests {
    @Test func closedCandlesFromTheStreamArePersisted() async throws {
        try await withDraizerApp { app in
            // Three market minutes pass; the simulated market reports the candles that closed meanwhile.
            app.testClock.advance(by: 180)
            var stored = 0
            for _ in 0..<100 where stored < 2 {
                try await Task.sleep(for: .milliseconds(100))
                stored = try await MarketCandle.query(on: app.db).filter(\.$interval == "1m").filter(\.$source == "simulated").count()
            }
            #expect(stored >= 2)
        }
    }
}
