import DraizerCore
import DraizerTestFakes
import Testing
@testable import DraizerMarket

@Suite struct ReplayMarketTests {
    private let btc = symbol("BTCUSDT")

    /// Five 1m bars from 00:00 with 00:02 and 00:03 missing.
    private static let gappy = """
    open_time_ms,open,high,low,close,volume
    1609459200000,100.0,101.0,99.0,100.5,1.0
    1609459260000,100.5,102.0,100.0,101.0,2.0
    1609459440000,101.0,103.0,100.5,102.0,3.0
    1609459500000,102.0,102.5,101.5,102.25,4.0
    """

    private func replay(
        _ text: String = gappy, speed: Double = 60, start: Int64? = nil, clock: TestClock
    ) throws -> ReplayMarket {
        let series = try ReplayMarket.Series(csv: text, info: BinanceSymbolPresets.btcusdt)
        return ReplayMarket(series: [series], speed: speed, start: start, clock: clock.marketClock)
    }

    @Test func labelsItselfAReplay() throws {
        let market = try replay(clock: TestClock())
        #expect(market.kind == .replay)
        #expect(market.name == "Replay of BTCUSDT 1m")
        #expect(market.series[0].interval == .oneMinute)
    }

    @Test func historyHoldsOnlyBarsThatHaveEnded() async throws {
        let clock = TestClock()
        let market = try replay(clock: clock)
        await #expect(throws: MarketDataError.noData(btc)) {
            _ = try await market.ticker24h(of: btc)
        }
        #expect(try await market.candles(of: btc, interval: .oneMinute, limit: 10).isEmpty)
        clock.advance(by: .milliseconds(1_500))  // 90 s of replay: one bar ended, the second half way
        let candles = try await market.candles(of: btc, interval: .oneMinute, limit: 10)
        #expect(candles.map(\.openTime) == [1_609_459_200_000])
        let tick = try await market.price(of: btc)
        #expect(tick == PriceTick(symbol: btc, price: price("100.5"), observedAt: 1_609_459_260_000, source: .replay))
        #expect(try await market.currentCandle(of: btc, interval: .oneMinute) == nil)
    }

    @Test func aGapKeepsTheOldPriceWithItsOldTime() async throws {
        let clock = TestClock()
        let market = try replay(clock: clock)
        clock.advance(by: .seconds(3))  // replay 00:03:00, inside the gap
        let tick = try await market.price(of: btc)
        #expect(tick.price == price("101"))
        #expect(tick.observedAt == 1_609_459_319_999)
        #expect(try await market.candles(of: btc, interval: .oneMinute, limit: 10).count == 2)
        clock.advance(by: .seconds(3))  // 00:06:00: everything has ended
        let all = try await market.candles(of: btc, interval: .oneMinute, limit: 10)
        #expect(all.map(\.openTime) == [1_609_459_200_000, 1_609_459_260_000, 1_609_459_440_000, 1_609_459_500_000])
        let fives = try await market.candles(of: btc, interval: .fiveMinutes, limit: 10)
        #expect(fives.count == 1)
        #expect(fives[0].close == price("102"))  // 00:00–00:04 is built from the three bars that exist
        #expect(fives[0].volume == quantity("6"))
        await #expect(throws: MarketDataError.unsupportedInterval(.oneMinute)) {
            _ = try await ReplayMarket(series: [ReplayMarket.Series(
                info: BinanceSymbolPresets.btcusdt, interval: .oneHour, candles: [])], clock: clock.marketClock)
                .candles(of: btc, interval: .oneMinute, limit: 1)
        }
    }

    @Test func updatesPlayEachBarAsItEndsAndWaitThroughGaps() async throws {
        let clock = TestClock()
        let market = try replay(clock: clock)
        var events: [MarketEvent] = []
        for await event in market.updates(for: [btc]) { events.append(event) }
        #expect(events.first == .connection(.connected))
        #expect(events.last == .connection(.disconnected(reason: "replay finished")))
        let closed = events.compactMap { event -> CandleUpdate? in
            if case .candle(let update) = event { update } else { nil }
        }
        #expect(closed.map(\.candle.openTime) == [1_609_459_200_000, 1_609_459_260_000, 1_609_459_440_000,
                                                  1_609_459_500_000])
        #expect(closed.allSatisfy { $0.isClosed })
        // At 60×: one second per bar, three seconds across the two missing bars.
        #expect(clock.sleeps == [.seconds(1), .seconds(1), .seconds(3), .seconds(1)])
        let ticks = events.compactMap { if case .price(let tick) = $0 { tick } else { nil } }
        #expect(ticks.map(\.price) == [price("100.5"), price("101"), price("102"), price("102.25")])
    }

    @Test func startingLaterMakesEarlierBarsHistory() async throws {
        let clock = TestClock(sleepBudget: 1)
        let market = try replay(speed: 1, start: 1_609_459_320_000, clock: clock)
        #expect(try await market.candles(of: btc, interval: .oneMinute, limit: 10).count == 2)
        var events: [MarketEvent] = []
        for await event in market.updates(for: [btc]) { events.append(event) }
        #expect(clock.sleeps == [.seconds(180)])  // real time: 00:05:00 is three minutes away
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs shared/data beside the package"))
    func theRealHaltOf24March2023StaysAGap() async throws {
        let clock = TestClock()
        let series = try ReplayMarket.Series(
            csvFile: SharedData.path(SharedData.oneMinute), info: BinanceSymbolPresets.btcusdt)
        #expect(series.candles.count == 66_087)
        #expect(series.interval == .oneMinute)
        let lastFlat: Int64 = 1_679_661_540_000  // 2023-03-24 12:39, the last flat bar before the halt
        let resumed: Int64 = 1_679_666_400_000  // 14:00
        let index = try #require(series.candles.firstIndex { $0.openTime == lastFlat })
        #expect(series.candles[index + 1].openTime == resumed)

        // Replay from 13:00, inside the missing 80 minutes.
        let market = ReplayMarket(series: [series], speed: 60, start: 1_679_662_800_000, clock: clock.marketClock)
        let tick = try await market.price(of: btc)
        #expect(tick.price == price("28080"))
        #expect(tick.observedAt == lastFlat + 59_999)
        let recent = try await market.candles(of: btc, interval: .oneMinute, limit: 3)
        #expect(recent.last?.openTime == lastFlat)
        #expect(recent.allSatisfy { $0.volume.isZero && $0.open == $0.close })

        // The next bar arrives after the halt, at 14:01 replay time: 61 minutes away, 61 s at 60×.
        var events: [MarketEvent] = []
        for await event in market.updates(for: [btc]) {
            events.append(event)
            if events.count == 3 { break }
        }
        guard case .candle(let next) = events[1] else {
            Issue.record("expected a candle, got \(events)")
            return
        }
        #expect(next.candle.openTime == resumed)
        #expect(next.candle.open == price("28079.99"))
        #expect(clock.sleeps.first == .seconds(61))

        // Hourly history built from the minutes (replay time is now past 16:00): a 12:00 bar of its 40
        // minutes, no 13:00 bar, then 14:00 and 15:00.
        clock.advance(by: .seconds(120))
        let hours = try await market.candles(of: btc, interval: .oneHour, start: 1_679_659_200_000, end: nil, limit: 3)
        #expect(hours.map(\.openTime) == [1_679_659_200_000, resumed, resumed + 3_600_000])
        #expect(hours[0].close == price("28080"))
    }
}

@Suite struct CandleAggregationTests {
    private static let origin: Int64 = 1_609_459_200_000

    private func minute(_ index: Int64, close: String = "1") throws -> Candle {
        try Candle(openTime: Self.origin + index * 60_000, open: price("1"), high: price("50"), low: price("1"),
                   close: price(close), volume: quantity("1"))
    }

    @Test func newestBarsAreCountedNotTimedSoAGapDoesNotShortenTheAnswer() throws {
        // 5m bars: 00:00 (minutes 0–4), a missing 00:05 bar, 00:10 (minutes 10–11), 00:15 (minute 15).
        let candles = try [0, 1, 2, 3, 4, 10, 11, 15].map { try minute($0) }
        let step: Int64 = 60_000
        let bars = CandleAggregation.aggregate(
            candles[...], into: .fiveMinutes, start: nil, end: nil, limit: 2, completeBefore: Self.origin + 20 * step)
        let expected: [Int64] = [Self.origin + 10 * step, Self.origin + 15 * step]
        #expect(bars.map(\.openTime) == expected)
        #expect(bars[0].volume == quantity("2"))
        let all = CandleAggregation.aggregate(
            candles[...], into: .fiveMinutes, start: nil, end: nil, limit: 3, completeBefore: Self.origin + 15 * step)
        let expectedAll: [Int64] = [Self.origin, Self.origin + 10 * step]
        #expect(all.map(\.openTime) == expectedAll)
    }

    @Test func oldestBarsFromStartBeginAtTheFirstBarOpeningAtOrAfterIt() throws {
        let candles = try (0..<30).map { try minute(Int64($0), close: "\($0 + 1)") }
        let bars = CandleAggregation.aggregate(
            candles[...], into: .fiveMinutes, start: Self.origin + 60_000, end: nil, limit: 2, completeBefore: .max)
        let expected: [Int64] = [Self.origin + 300_000, Self.origin + 600_000]
        #expect(bars.map(\.openTime) == expected)
        #expect(bars[0].open == price("1") && bars[0].close == price("10"))
    }
}
