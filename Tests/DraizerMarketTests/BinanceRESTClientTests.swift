import DraizerCore
import DraizerTestFakes
import Testing
@testable import DraizerMarket

@Suite struct BinanceRESTClientTests {
    private func client(
        _ server: FakeBinanceServer, clock: TestClock, options: BinanceRESTClient.Options = .init()
    ) -> BinanceRESTClient {
        BinanceRESTClient(baseURL: server.restURL, options: options, clock: clock.marketClock)
    }

    @Test func serverTimeMeasuresTheClockOffset() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.setServerTime(clock.now + 1_500)
            let rest = client(server, clock: clock)
            #expect(rest.clockOffset == 0)
            #expect(rest.clockSynchronizedAt == nil)
            let serverTime = try await rest.serverTime()
            #expect(serverTime == clock.now + 1_500)
            #expect(rest.clockOffset == 1_500)
            #expect(rest.estimatedServerTime == clock.now + 1_500)
            #expect(rest.clockSynchronizedAt == clock.now)
        }
    }

    @Test func usedWeightComesFromTheHeaderAndResetsWithTheMinute() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.setUsedWeight(100)
            server.setPrice("BTCUSDT", "64123.45000000")
            let rest = client(server, clock: clock)
            _ = try await rest.price(of: symbol("BTCUSDT"))
            #expect(rest.usedWeight == 102)
            clock.advance(by: .seconds(60))
            #expect(rest.usedWeight == 0)
        }
    }

    @Test func requestsPauseUntilTheNextMinuteNearTheWeightLimit() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock(now: 1_699_999_990_000)  // 10 s into a server minute
            server.setUsedWeight(5_990)
            server.setPrice("BTCUSDT", "1.00000000")
            let rest = client(server, clock: clock)
            _ = try await rest.price(of: symbol("BTCUSDT"))
            #expect(clock.sleeps.isEmpty)
            _ = try await rest.price(of: symbol("BTCUSDT"))
            #expect(clock.sleeps == [.milliseconds(50_100)])
            #expect(server.requests(to: "/api/v3/ticker/price").count == 2)
        }
    }

    @Test func exchangeInfoAdoptsBinancesWeightLimitAndSendsSymbolsEncoded() async throws {
        try await FakeBinanceServer.with { server in
            server.setExchangeInfo(Fixtures.exchangeInfo.replacingOccurrences(of: #""limit": 6000"#, with: #""limit": 1200"#))
            let rest = client(server, clock: TestClock())
            let info = try await rest.exchangeInfo(symbols: [symbol("BTCUSDT"), symbol("LTCBTC")])
            #expect(info.symbols.count == 3)
            #expect(rest.weightLimit == 1200)
            #expect(server.requests.last?.query["symbols"] == #"["BTCUSDT","LTCBTC"]"#)
            _ = try await rest.exchangeInfo(symbols: [symbol("BTCUSDT")])
            #expect(server.requests.last?.query["symbol"] == "BTCUSDT")
        }
    }

    @Test func serverErrorsAreRetriedWithExponentialBackoff() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.inject(.status(503, body: "unavailable"), .status(502, body: "bad gateway"), on: "/api/v3/time")
            let rest = client(server, clock: clock)
            _ = try await rest.serverTime()
            #expect(server.requests(to: "/api/v3/time").count == 3)
            let sleeps = clock.sleeps
            #expect(sleeps.count == 2)
            #expect((Duration.milliseconds(125)...Duration.milliseconds(250)).contains(sleeps[0]))
            #expect((Duration.milliseconds(250)...Duration.milliseconds(500)).contains(sleeps[1]))
        }
    }

    @Test func serverErrorsGiveUpAfterTheLastAttempt() async throws {
        try await FakeBinanceServer.with { server in
            server.inject(.status(500, body: "a"), .status(500, body: "b"), .status(500, body: "c"),
                          .status(500, body: "d"), on: "/api/v3/time")
            let rest = client(server, clock: TestClock())
            await #expect(throws: BinanceError.server(status: 500, body: "d")) { try await rest.serverTime() }
            #expect(server.requests(to: "/api/v3/time").count == 4)
        }
    }

    @Test func droppedConnectionIsRetried() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.inject(.disconnect, on: "/api/v3/time")
            let rest = client(server, clock: clock)
            _ = try await rest.serverTime()
            #expect(server.requests(to: "/api/v3/time").count == 2)
            #expect(clock.sleeps.count == 1)
        }
    }

    @Test func slowResponseTimesOutAndIsRetried() async throws {
        try await FakeBinanceServer.with { server in
            server.inject(.delay(.seconds(60)), on: "/api/v3/time")
            let rest = client(server, clock: TestClock(), options: .init(requestTimeout: .milliseconds(300)))
            let started = ContinuousClock.now
            _ = try await rest.serverTime()
            // Far less than the 60 s the first answer would have taken (with room for a loaded 2-core machine).
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(server.requests(to: "/api/v3/time").count == 2)
        }
    }

    @Test func slowResponsesEndInATimeoutError() async throws {
        try await FakeBinanceServer.with { server in
            server.inject(.delay(.seconds(3)), .delay(.seconds(3)), on: "/api/v3/time")
            let rest = client(
                server, clock: TestClock(),
                options: .init(requestTimeout: .milliseconds(200), retry: RetryPolicy(maxAttempts: 2)))
            await #expect(throws: BinanceError.timeout(path: "/api/v3/time")) { try await rest.serverTime() }
        }
    }

    @Test func rateLimitWaitsOutRetryAfterThenRetries() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.inject(.status(429, retryAfter: 3), on: "/api/v3/time")
            let rest = client(server, clock: clock)
            _ = try await rest.serverTime()
            #expect(clock.sleeps == [.seconds(3)])
            #expect(server.requests(to: "/api/v3/time").count == 2)
            #expect(rest.blockedUntil == nil)
        }
    }

    @Test func longRetryAfterFailsFastAndHoldsBackEveryCall() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.inject(.status(429, retryAfter: 120), on: "/api/v3/time")
            server.setPrice("BTCUSDT", "1.00000000")
            let rest = client(server, clock: clock)
            await #expect(throws: BinanceError.rateLimited(retryAfter: .seconds(120))) { try await rest.serverTime() }
            #expect(rest.blockedUntil == clock.now + 120_000)
            clock.advance(by: .seconds(20))
            await #expect(throws: BinanceError.rateLimited(retryAfter: .seconds(100))) {
                try await rest.price(of: symbol("BTCUSDT"))
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func banStopsEveryCallUntilItEnds() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.inject(.status(418, retryAfter: 300, body: #"{"code":-1003,"msg":"Way too much request weight used; IP banned"}"#),
                          on: "/api/v3/time")
            let rest = client(server, clock: clock)
            let until = clock.now + 300_000
            await #expect(throws: BinanceError.banned(until: until)) { try await rest.serverTime() }
            await #expect(throws: BinanceError.banned(until: until)) { try await rest.serverTime() }
            #expect(server.requests.count == 1)
            clock.advance(by: .seconds(301))
            _ = try await rest.serverTime()
            #expect(server.requests.count == 2)
        }
    }

    @Test func malformedJSONIsATypedErrorAndTheNextCallWorks() async throws {
        try await FakeBinanceServer.with { server in
            server.inject(.body(#"{"serverTime": "#), on: "/api/v3/time")
            let rest = client(server, clock: TestClock())
            await #expect {
                try await rest.serverTime()
            } throws: { error in
                if case .malformed("/api/v3/time", _) = error as? BinanceError { true } else { false }
            }
            _ = try await rest.serverTime()
        }
    }

    @Test func priceOfAWrongTypeIsMalformedNotZero() async throws {
        try await FakeBinanceServer.with { server in
            server.inject(.body(#"{"symbol":"BTCUSDT","price":null}"#), on: "/api/v3/ticker/price")
            let rest = client(server, clock: TestClock())
            await #expect(throws: BinanceError.self) { try await rest.price(of: symbol("BTCUSDT")) }
        }
    }

    @Test func unknownSymbolIsBinancesAPIError() async throws {
        try await FakeBinanceServer.with { server in
            let rest = client(server, clock: TestClock())
            await #expect {
                try await rest.price(of: symbol("XYZUSDT"))
            } throws: { error in
                guard let error = error as? BinanceError else { return false }
                return error == .api(status: 400, code: -1121, message: "Invalid symbol.") && error.isUnknownSymbol
            }
        }
    }

    @Test func priceIsStampedWithTheEstimatedServerTime() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.setServerTime(clock.now - 250)
            server.setPrice("BTCUSDT", "64123.45000000")
            let rest = client(server, clock: clock)
            try await rest.synchronizeClock()
            let tick = try await rest.price(of: symbol("BTCUSDT"))
            #expect(tick == PriceTick(symbol: symbol("BTCUSDT"), price: price("64123.45"), observedAt: clock.now - 250,
                                      source: .binance))
        }
    }

    @Test func ticker24hComesBackAsDomainValues() async throws {
        try await FakeBinanceServer.with { server in
            server.setTicker("BNBBTC", Fixtures.ticker24h)
            let ticker = try await client(server, clock: TestClock()).ticker24h(of: symbol("BNBBTC"))
            #expect(ticker.lastPrice == price("4.000002"))
            #expect(ticker.priceChangeRatio == (try Ratio("-0.9596")))
        }
    }

    @Test func klinesSendTheParametersBinanceExpects() async throws {
        try await FakeBinanceServer.with { server in
            let base: Int64 = 1_700_000_040_000
            server.setKlines("BTCUSDT", (0..<5).map { FakeKline.minute(base + Int64($0) * 60_000, close: 30_000 + $0) })
            let rest = client(server, clock: TestClock())
            let rows = try await rest.klines(
                of: symbol("BTCUSDT"), interval: .oneMinute, startTime: base + 60_000, endTime: base + 180_000,
                limit: 5000)
            #expect(rows.map(\.openTime) == [base + 60_000, base + 120_000, base + 180_000])
            #expect(rows[0].candle.close == price("30001"))
            let query = try #require(server.requests.last?.query)
            #expect(query == ["symbol": "BTCUSDT", "interval": "1m", "startTime": "\(base + 60_000)",
                              "endTime": "\(base + 180_000)", "limit": "1000"])
        }
    }
}

@Suite struct BinanceConfigurationTests {
    @Test func liveAndTestnetURLsFollowTheFlag() throws {
        let live = try BinanceConfiguration()
        #expect(live.restBaseURL == "https://api.binance.com")
        #expect(live.streamBaseURL == "wss://stream.binance.com:9443")
        #expect(live.displayName == "Binance")
        let testnet = try BinanceConfiguration(testnet: true)
        #expect(testnet.restBaseURL == "https://testnet.binance.vision")
        #expect(testnet.streamBaseURL == "wss://stream.testnet.binance.vision")
        #expect(testnet.displayName == "Binance Spot Testnet")
    }

    @Test func explicitURLsWinAndLoseTheirTrailingSlash() throws {
        let configuration = try BinanceConfiguration(
            testnet: true, restURL: "http://127.0.0.1:8080/", streamURL: "ws://127.0.0.1:8081")
        #expect(configuration.restBaseURL == "http://127.0.0.1:8080")
        #expect(configuration.streamBaseURL == "ws://127.0.0.1:8081")
    }

    @Test func urlsWithTheWrongSchemeAreRejected() {
        #expect(throws: BinanceConfiguration.Invalid.self) { try BinanceConfiguration(restURL: "ws://x") }
        #expect(throws: BinanceConfiguration.Invalid.self) { try BinanceConfiguration(streamURL: "https://x") }
        #expect(throws: BinanceConfiguration.Invalid.self) { try BinanceConfiguration(restURL: "api.binance.com") }
    }

    @Test func retryDelaysGrowExponentiallyWithinTheirJitterBand() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.delay(beforeRetry: 1, randomFraction: 0) == .milliseconds(50))
        #expect(policy.delay(beforeRetry: 1, randomFraction: 1) == .milliseconds(100))
        #expect(policy.delay(beforeRetry: 3, randomFraction: 1) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 9, randomFraction: 0) == .milliseconds(500))
        #expect(policy.delay(beforeRetry: 9, randomFraction: 1) == .seconds(1))
    }
}
