import DraizerCore
import Foundation
import Testing
@testable import DraizerMarket

@Suite struct SimulatedMarketTests {
    private let btc = symbol("BTCUSDT")
    /// 2024-01-10 12:34:56 UTC.
    private static let now: Int64 = 1_704_890_096_000

    private func market(seed: UInt64 = 42, days: Int = 3, clock: TestClock = TestClock(now: now)) -> SimulatedMarket {
        SimulatedMarket(configuration: .init(seed: seed, historyDays: days), clock: clock.marketClock)
    }

    private func logReturns(_ candles: [Candle]) -> [Double] {
        zip(candles, candles.dropFirst()).map { log($1.close.doubleValue / $0.close.doubleValue) }
    }

    private func standardDeviation(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }

    private func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let meanA = a.reduce(0, +) / Double(a.count), meanB = b.reduce(0, +) / Double(b.count)
        let covariance = zip(a, b).map { ($0 - meanA) * ($1 - meanB) }.reduce(0, +) / Double(a.count)
        return covariance / (standardDeviation(a) * standardDeviation(b))
    }

    /// Every closed 1m candle of the history, oldest first.
    private func allMinutes(_ market: SimulatedMarket) async throws -> [Candle] {
        try await market.candles(of: btc, interval: .oneMinute, start: market.historyStart, end: nil, limit: .max)
    }

    @Test func labelsItselfSimulatedWithBinanceLikeFilters() async throws {
        let market = market()
        #expect(market.kind == .simulated)
        #expect(market.name == "Simulated (seed 42)")
        let symbols = try await market.symbols()
        #expect(symbols.map(\.symbol.rawValue) == ["BTCUSDT", "ETHUSDT"])
        #expect(symbols[0].filters.price.tickSize == price("0.01"))
        #expect(symbols[0].filters.lotSize.stepSize == quantity("0.00001"))
        #expect(symbols[0].filters.notional?.minNotional == money("5"))
        #expect(try await market.price(of: btc).source == .simulated)
    }

    @Test func sameSeedGivesTheSameSeriesAndAnotherSeedAnother() async throws {
        let first = try await market(seed: 7).candles(of: btc, interval: .oneMinute, limit: 1000)
        let again = try await market(seed: 7).candles(of: btc, interval: .oneMinute, limit: 1000)
        let other = try await market(seed: 8).candles(of: btc, interval: .oneMinute, limit: 1000)
        #expect(first.count == 1000)
        #expect(first == again)
        #expect(first != other)
        #expect(try await market(seed: 7).price(of: btc) == (try await market(seed: 7).price(of: btc)))
    }

    @Test func historyCoversTheConfiguredDaysUpToTheLastClosedMinute() async throws {
        let market = market(days: 2)
        let minutes = try await allMinutes(market)
        let today = CandleInterval.oneDay.openTime(containing: Self.now)
        #expect(market.historyStart == today - 2 * 86_400_000)
        #expect(minutes.first?.openTime == market.historyStart)
        #expect(minutes.last?.openTime == CandleInterval.oneMinute.openTime(containing: Self.now) - 60_000)
        #expect(zip(minutes, minutes.dropFirst()).allSatisfy { $1.openTime == $0.openTime + 60_000 })
    }

    @Test func candlesAreConsistentOnTheTickAndLotGridsAndContinuous() async throws {
        let minutes = try await allMinutes(market(days: 3))
        let tick = price("0.01"), step = quantity("0.00001")
        for candle in minutes {
            #expect(candle.low <= min(candle.open, candle.close) && candle.high >= max(candle.open, candle.close))
            #expect([candle.open, candle.high, candle.low, candle.close].allSatisfy { $0.isMultiple(of: tick) && !$0.isZero })
            #expect(candle.volume.isMultiple(of: step) && !candle.volume.isZero)
        }
        #expect(zip(minutes, minutes.dropFirst()).allSatisfy { $1.open == $0.close })
    }

    /// Thirty days of simulated BTCUSDT minutes, generated once for the statistical tests.
    private static let month: [Candle] = {
        var engine = SimulationEngine(seed: 42, symbols: [.btcusdt], origin: now - 30 * 86_400_000)
        engine.advance(to: now)
        return Array(engine.series[0].candles.dropLast())
    }()

    @Test func volatilityVolumeAndClusteringLookLikeBitcoin() {
        let minutes = Self.month
        let returns = logReturns(minutes)
        // Real BTCUSDT 1m, March–May 2023: stdev 0.00068, |r| lag-1 autocorrelation 0.37, |r|–volume 0.57.
        let deviation = standardDeviation(returns)
        #expect(deviation > 0.0003 && deviation < 0.002, "1m log-return stdev \(deviation)")
        let absolute = returns.map(abs)
        let clustering = correlation(Array(absolute.dropLast()), Array(absolute.dropFirst()))
        #expect(clustering > 0.1, "|r| lag-1 autocorrelation \(clustering)")
        let volumeLink = correlation(absolute, minutes.dropFirst().map(\.volume.doubleValue))
        #expect(volumeLink > 0.2, "|r|–volume correlation \(volumeLink)")
        let kurtosis = returns.map { pow($0 / deviation, 4) }.reduce(0, +) / Double(returns.count)
        #expect(kurtosis > 3.5, "fat tails: kurtosis \(kurtosis)")
        let prices = minutes.map(\.close.doubleValue)
        #expect(prices.min()! > 20_000 && prices.max()! < 180_000)
    }

    @Test func regimesProduceBothTrendingAndRangingDays() {
        let days = CandleAggregation.aggregate(Self.month, into: .oneDay)
        #expect(days.count >= 30)
        let moves = days.map { abs($0.close.doubleValue / $0.open.doubleValue - 1) }
        #expect(moves.contains { $0 > 0.02 }, "some day moves more than 2 %: \(moves)")
        #expect(moves.contains { $0 < 0.01 }, "some day stays within 1 %: \(moves)")
    }

    @Test func longerIntervalsAggregateTheMinutes() async throws {
        let market = market(days: 2)
        let hours = try await market.candles(of: btc, interval: .oneHour, limit: 5)
        #expect(hours.count == 5)
        let lastHourOpen = CandleInterval.oneHour.openTime(containing: Self.now) - 3_600_000
        #expect(hours.last?.openTime == lastHourOpen)
        let minutes = try await market.candles(
            of: btc, interval: .oneMinute, start: lastHourOpen, end: lastHourOpen + 3_599_999, limit: 60)
        let hour = try #require(hours.last)
        #expect(hour.open == minutes.first?.open)
        #expect(hour.close == minutes.last?.close)
        #expect(hour.high == minutes.map(\.high).max())
        #expect(hour.low == minutes.map(\.low).min())
        #expect(hour.volume == minutes.reduce(Quantity.zero) { $0 + $1.volume })
    }

    @Test func priceAndFormingCandleAgreeWithTheClock() async throws {
        let clock = TestClock(now: Self.now)
        let market = market(clock: clock)
        let tick = try await market.price(of: btc)
        let forming = try #require(try await market.currentCandle(of: btc, interval: .oneMinute))
        #expect(!forming.isClosed)
        #expect(forming.candle.openTime == CandleInterval.oneMinute.openTime(containing: Self.now))
        #expect(forming.candle.close == tick.price)
        #expect(tick.observedAt <= Self.now && Self.now - tick.observedAt < 5_000)
        let hour = try #require(try await market.currentCandle(of: btc, interval: .oneHour))
        #expect(hour.candle.close == tick.price)
        #expect(hour.candle.high >= forming.candle.high)
        #expect(hour.closeTime == CandleInterval.oneHour.openTime(containing: Self.now) + 3_599_999)
    }

    @Test func ticker24hSummarisesTheLastDay() async throws {
        let market = market()
        let ticker = try await market.ticker24h(of: btc)
        let tick = try await market.price(of: btc)
        #expect(ticker.lastPrice == tick.price)
        #expect(ticker.highPrice >= ticker.lastPrice && ticker.lowPrice <= ticker.lastPrice)
        #expect(ticker.priceChange == Money(units: ticker.lastPrice.units - ticker.openPrice.units))
        #expect(Self.now - ticker.openTime <= 86_400_000 && Self.now - ticker.openTime > 86_000_000)
        #expect(!ticker.volume.isZero)
        #expect(ticker.source == .simulated)
    }

    @Test func liveUpdatesReplayExactlyWhatHistoryLaterShows() async throws {
        // 30 steps of 5 s: two and a half minutes of live data, then the feed stops.
        let clock = TestClock(now: Self.now, sleepBudget: 30)
        let market = market(clock: clock)
        var events: [MarketEvent] = []
        for await event in market.updates(for: [btc, symbol("DOGEUSDT")]) { events.append(event) }
        #expect(events.first == .connection(.connected))
        let ticks = events.compactMap { if case .price(let tick) = $0 { tick } else { nil } }
        #expect(ticks.count == 31)
        #expect(ticks.allSatisfy { $0.symbol == btc && $0.source == .simulated })
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1.observedAt == $0.observedAt + 5_000 })
        let closed = events.compactMap { event -> Candle? in
            if case .candle(let update) = event, update.isClosed { update.candle } else { nil }
        }
        #expect(closed.count >= 2)
        let history = try await market.candles(of: btc, interval: .oneMinute, limit: 10)
        #expect(closed == Array(history.suffix(closed.count)))
        #expect(clock.sleeps.allSatisfy { $0 <= .seconds(5) })
    }

    @Test func unknownSymbolIsReported() async {
        await #expect(throws: MarketDataError.unknownSymbol(symbol("DOGEUSDT"))) {
            try await market().price(of: symbol("DOGEUSDT"))
        }
    }
}
