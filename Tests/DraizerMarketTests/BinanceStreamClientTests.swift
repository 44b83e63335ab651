import DraizerCore
import DraizerTestFakes
import Foundation
import Testing
@testable import DraizerMarket

/// The stream client against the fake server over a real WebSocket. Reconnect backoff sleeps on a test
/// clock (instant); liveness timeouts are real but short.
@Suite struct BinanceStreamClientTests {
    /// A minute 30 minutes ago, so every fake kline from it on is closed by the real clock REST checks.
    private static let base = CandleInterval.oneMinute.openTime(containing: Int64(Date().timeIntervalSince1970 * 1000))
        - 30 * 60_000

    private static func minute(_ index: Int) -> FakeKline {
        FakeKline.minute(base + Int64(index) * 60_000, close: 30_000 + index)
    }

    private func streamClient(
        _ server: FakeBinanceServer, clock: TestClock = TestClock(),
        options: BinanceStreamClient.Options = .init(idleTimeout: .seconds(10))
    ) -> BinanceStreamClient {
        BinanceStreamClient(
            baseURL: server.streamURL, rest: BinanceRESTClient(baseURL: server.restURL), options: options,
            clock: clock.marketClock)
    }

    private let btc = symbol("BTCUSDT")

    @Test func streamURLNamesEveryStreamInLowerCase() async throws {
        try await FakeBinanceServer.with { server in
            let client = streamClient(server)
            #expect(client.streamURL(for: [btc, symbol("ETHUSDT")], interval: .oneMinute)
                == "\(server.streamURL)/stream?streams=btcusdt@kline_1m/btcusdt@miniTicker/ethusdt@kline_1m/ethusdt@miniTicker")
            let events = EventCollector(client.events(for: [symbol("ETHUSDT"), btc]))
            let socket = try await server.socket(1)
            #expect(socket.uri == "/stream?streams=btcusdt@kline_1m/btcusdt@miniTicker/ethusdt@kline_1m/ethusdt@miniTicker")
            events.stop()
        }
    }

    @Test func relaysPricesAndCandlesInOrder() async throws {
        try await FakeBinanceServer.with { server in
            let events = EventCollector(streamClient(server).events(for: [btc]))
            let socket = try await server.socket(1)
            try await socket.send(miniTickerMessage(close: "30000.12", eventTime: Self.base + 1_000))
            try await socket.send(Self.minute(0).streamMessage(closed: false))
            try await socket.send(Self.minute(0).streamMessage(closed: true))
            try await events.wait { $0.events.count >= 4 }
            let received = events.events
            #expect(received[0] == .connection(.connected))
            #expect(received[1] == .price(PriceTick(
                symbol: btc, price: price("30000.12"), observedAt: Self.base + 1_000, source: .binance)))
            guard case .candle(let open) = received[2], case .candle(let closed) = received[3] else {
                Issue.record("expected two candle updates, got \(received)")
                return
            }
            #expect(!open.isClosed)
            #expect(closed.isClosed && !closed.isBackfill)
            #expect(closed.candle.close == price("30000"))
            events.stop()
        }
    }

    @Test func answersServerPingsWithTheSamePayload() async throws {
        try await FakeBinanceServer.with { server in
            let events = EventCollector(streamClient(server).events(for: [btc]))
            let socket = try await server.socket(1)
            try await socket.ping("binance-1700000000000")
            #expect(try await eventually { socket.receivedPongs.contains("binance-1700000000000") })
            events.stop()
        }
    }

    @Test func skipsMalformedMessagesAndKeepsTheConnection() async throws {
        try await FakeBinanceServer.with { server in
            let events = EventCollector(streamClient(server).events(for: [btc]))
            let socket = try await server.socket(1)
            try await socket.send("definitely not json")
            try await socket.send(#"{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1,"s":"BTCUSDT","k":{"t":1}}}"#)
            try await socket.send(#"{"stream":"btcusdt@miniTicker","data":{"e":"24hrMiniTicker","E":1,"s":"BTCUSDT","c":"NaN"}}"#)
            try await socket.send(miniTickerMessage(close: "30001", eventTime: Self.base))
            try await events.wait { !$0.prices.isEmpty }
            #expect(events.prices.map(\.price) == [price("30001")])
            #expect(events.connectionEvents == [.connected])
            #expect(server.sockets.count == 1)
            events.stop()
        }
    }

    @Test func silentConnectionIsDroppedAndReplaced() async throws {
        try await FakeBinanceServer.with { server in
            let client = streamClient(server, options: .init(idleTimeout: .milliseconds(300)))
            let events = EventCollector(client.events(for: [btc]))
            _ = try await server.socket(2)
            try await events.wait { $0.connectionEvents.filter(\.isConnected).count >= 2 }
            let connection = events.connectionEvents
            #expect(connection[0] == .connected)
            #expect(connection[1].disconnectReason?.contains("no message for") == true)
            guard case .reconnecting(let attempt, let delay) = connection[2] else {
                Issue.record("expected a reconnect, got \(connection)")
                return
            }
            #expect(attempt == 1)
            #expect(delay > .zero)
            events.stop()
        }
    }

    @Test func reconnectsOnItsOwnBeforeTheConnectionAgeLimit() async throws {
        try await FakeBinanceServer.with { server in
            let client = streamClient(
                server, options: .init(idleTimeout: .seconds(10), maxConnectionAge: .milliseconds(400)))
            let events = EventCollector(client.events(for: [btc]))
            _ = try await server.socket(2)
            try await events.wait { $0.connectionEvents.filter(\.isConnected).count >= 2 }
            let connection = events.connectionEvents
            #expect(connection[1].disconnectReason?.contains("planned reconnect") == true)
            #expect(connection[2] == .reconnecting(attempt: 1, delay: .zero))
            events.stop()
        }
    }

    @Test func serverShutdownNoticeTriggersAnImmediateReconnect() async throws {
        try await FakeBinanceServer.with { server in
            let events = EventCollector(streamClient(server).events(for: [btc]))
            let socket = try await server.socket(1)
            try await socket.send(#"{"e":"serverShutdown","E":1700000000000}"#)
            _ = try await server.socket(2)
            try await events.wait { $0.connectionEvents.filter(\.isConnected).count >= 2 }
            #expect(events.connectionEvents[2] == .reconnecting(attempt: 1, delay: .zero))
            events.stop()
        }
    }

    @Test func refusedConnectionsAreRetriedWithGrowingBackoff() async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.refuseNextUpgrades(3)
            let events = EventCollector(streamClient(server, clock: clock).events(for: [btc]))
            _ = try await server.socket(1)
            try await events.wait { $0.connectionEvents.contains(.connected) }
            let attempts = events.connectionEvents.compactMap { event -> Int? in
                if case .reconnecting(let attempt, _) = event { attempt } else { nil }
            }
            #expect(attempts == [1, 2, 3])
            let sleeps = clock.sleeps
            #expect(sleeps.count == 3)
            #expect((Duration.milliseconds(250)...Duration.milliseconds(500)).contains(sleeps[0]))
            #expect((Duration.milliseconds(1_000)...Duration.seconds(2)).contains(sleeps[2]))
            events.stop()
        }
    }

    @Test func aConnectionThatDropsAtOnceBacksOffFurtherEachTime() async throws {
        try await FakeBinanceServer.with { server in
            server.hangUpNextStreams(3)
            let events = EventCollector(streamClient(server).events(for: [btc]))
            _ = try await server.socket(4)
            try await events.wait { $0.connectionEvents.filter(\.isConnected).count >= 4 }
            let attempts = events.connectionEvents.compactMap { event -> Int? in
                if case .reconnecting(let attempt, _) = event { attempt } else { nil }
            }
            #expect(attempts == [1, 2, 3])
            events.stop()
        }
    }

    @Test func backfillsCandlesMissedWhileDisconnected() async throws {
        try await FakeBinanceServer.with { server in
            server.setKlines("BTCUSDT", (0...9).map(Self.minute))
            let events = EventCollector(streamClient(server).events(for: [btc]))
            let first = try await server.socket(1)
            try await first.send(Self.minute(0).streamMessage(closed: true))
            try await first.send(Self.minute(1).streamMessage(closed: true))
            try await events.wait { $0.closedCandles.count == 2 }
            await first.close()
            let second = try await server.socket(2)
            try await events.wait { $0.closedCandles.count == 10 }
            try await second.send(Self.minute(9).streamMessage(closed: true))  // already backfilled
            try await second.send(Self.minute(10).streamMessage(closed: true))
            try await events.wait { $0.closedCandles.count >= 11 }

            let closed = events.closedCandles
            #expect(closed.map(\.candle.openTime) == (0...10).map { Self.base + Int64($0) * 60_000 })
            #expect(closed.map(\.isBackfill) == [false, false] + Array(repeating: true, count: 8) + [false])
            #expect(events.connectionEvents.contains(.backfilled(symbol: btc, interval: .oneMinute, count: 8)))
            let request = try #require(server.requests(to: "/api/v3/klines").first)
            #expect(request.query["startTime"] == "\(Self.base + 2 * 60_000)")
            // The backfill announcement comes after the backfilled candles and before the live one.
            let order = events.events.compactMap { event -> String? in
                switch event {
                case .connection(.backfilled): "backfilled"
                case .candle(let update) where update.isClosed && !update.isBackfill: "live"
                case .candle(let update) where update.isBackfill: "backfill"
                default: nil
                }
            }
            #expect(order == ["live", "live"] + Array(repeating: "backfill", count: 8) + ["backfilled", "live"])
            events.stop()
        }
    }

    @Test func closedCandleAfterAHoleIsPrecededByTheMissingOnes() async throws {
        try await FakeBinanceServer.with { server in
            server.setKlines("BTCUSDT", (0...5).map(Self.minute))
            let events = EventCollector(streamClient(server).events(for: [btc]))
            let socket = try await server.socket(1)
            try await socket.send(Self.minute(0).streamMessage(closed: true))
            try await socket.send(Self.minute(3).streamMessage(closed: true))
            try await events.wait { $0.closedCandles.count >= 4 }
            #expect(events.closedCandles.map(\.candle.openTime) == (0...3).map { Self.base + Int64($0) * 60_000 })
            #expect(events.closedCandles.map(\.isBackfill) == [false, true, true, false])
            events.stop()
        }
    }

    @Test func aGapTheExchangeAlsoHasStaysAGap() async throws {
        try await FakeBinanceServer.with { server in
            server.setKlines("BTCUSDT", [Self.minute(0), Self.minute(3)])  // a halt: bars 1 and 2 never existed
            let events = EventCollector(streamClient(server).events(for: [btc]))
            let socket = try await server.socket(1)
            try await socket.send(Self.minute(0).streamMessage(closed: true))
            try await socket.send(Self.minute(3).streamMessage(closed: true))
            try await socket.send(miniTickerMessage(close: "30003", eventTime: Self.base))
            try await events.wait { !$0.prices.isEmpty }
            #expect(events.closedCandles.map(\.candle.openTime) == [Self.base, Self.base + 3 * 60_000])
            #expect(server.requests(to: "/api/v3/klines").count == 1)
            events.stop()
        }
    }
}

@Suite struct BinanceMarketSourceTests {
    private let btc = symbol("BTCUSDT")

    private func source(
        _ server: FakeBinanceServer, symbols: [Symbol]? = nil, now: @escaping @Sendable () -> Int64 = MarketClock.system.now
    ) throws -> BinanceMarketSource {
        let configuration = try BinanceConfiguration(
            testnet: true, restURL: server.restURL, streamURL: server.streamURL)
        let clock = TestClock()
        return BinanceMarketSource(
            configuration: configuration, options: .init(symbols: symbols),
            streamOptions: .init(idleTimeout: .seconds(10)),
            clock: MarketClock(now: now, sleep: clock.marketClock.sleep))
    }

    @Test func labelsItselfAndListsOnlyTradingSymbolsOnce() async throws {
        try await FakeBinanceServer.with { server in
            let market = try source(server)
            #expect(market.kind == .binance)
            #expect(market.name == "Binance Spot Testnet")
            let symbols = try await market.symbols()
            #expect(symbols.map(\.symbol.rawValue) == ["BTCUSDT", "LTCBTC"])
            _ = try await market.symbols()
            #expect(server.requests(to: "/api/v3/exchangeInfo").count == 1)
            let info = try await market.symbolInfo(btc)
            #expect(info.filters.lotSize.stepSize == quantity("0.00001"))
        }
    }

    @Test func candlesLeaveOutTheBarStillOpen() async throws {
        try await FakeBinanceServer.with { server in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let current = CandleInterval.oneMinute.openTime(containing: now)
            server.setKlines("BTCUSDT", (0...3).reversed().map { FakeKline.minute(current - Int64($0) * 60_000, close: 100 + $0) })
            // A fixed clock: a minute boundary passing mid-test must not move "the bar still open".
            let market = try source(server, now: { now })
            let candles = try await market.candles(of: btc, interval: .oneMinute, limit: 2)
            #expect(candles.map(\.openTime) == [current - 120_000, current - 60_000])
            #expect(server.requests(to: "/api/v3/time").count == 1)
            let forming = try #require(try await market.currentCandle(of: btc, interval: .oneMinute))
            #expect(forming.candle.openTime == current)
            #expect(!forming.isClosed)
        }
    }

    @Test func unknownSymbolsAreReportedAsSuch() async throws {
        try await FakeBinanceServer.with { server in
            let market = try source(server)
            await #expect(throws: MarketDataError.unknownSymbol(symbol("XYZUSDT"))) {
                try await market.price(of: symbol("XYZUSDT"))
            }
        }
    }

    @Test func aStreamedPriceIsNeverServedAfterTheStreamDrops() async throws {
        try await FakeBinanceServer.with { server in
            server.setPrice("BTCUSDT", "200.00000000")
            let market = try source(server)
            let events = EventCollector(market.updates(for: [btc]))
            let socket = try await server.socket(1)
            try await socket.send(miniTickerMessage(close: "100.50", eventTime: 1_700_000_000_000))
            try await events.wait { !$0.prices.isEmpty }
            let live = try await market.price(of: btc)
            #expect(live.price == price("100.5"))
            #expect(live.observedAt == 1_700_000_000_000)
            #expect(server.requests(to: "/api/v3/ticker/price").isEmpty)

            await socket.close()
            try await events.wait { $0.connectionEvents.contains { $0.isDisconnected } }
            let afterDrop = try await market.price(of: btc)
            #expect(afterDrop.price == price("200"))
            #expect(server.requests(to: "/api/v3/ticker/price").count == 1)
            events.stop()
        }
    }
}
