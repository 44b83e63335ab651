import DraizerCore

// Literal helpers: a typo in a test's number should stop the test run loudly, so they trap.
func money(_ text: String) -> Money { try! Money(text) }
func quantity(_ text: String) -> Quantity { try! Quantity(text) }
func price(_ text: String) -> Price { try! Price(text) }
func ratio(_ text: String) -> Ratio { try! Ratio(text) }

let btcusdt = try! Symbol("BTCUSDT")

/// 2021-12-02 18:00 UTC, the last bar of the 15m data file.
let snapshotTime: Int64 = 1_638_468_000_000

/// Steady candles around `start`, moving `step` per bar with a small alternating wiggle, one bar per
/// `interval`, ending just before `end`.
func syntheticCandles(
    count: Int, start: Double, step: Double, interval: CandleInterval = .fifteenMinutes, end: Int64 = snapshotTime
) -> [Candle] {
    (0..<count).map { i in
        let open = start + step * Double(i) + (i % 2 == 0 ? 0.3 : -0.3) * abs(step)
        let close = start + step * Double(i + 1) + (i % 2 == 0 ? -0.3 : 0.3) * abs(step)
        let high = max(open, close) + abs(step) * 0.5 + 1
        let low = min(open, close) - abs(step) * 0.5 - 1
        return candle(
            openTime: end - Int64(count - i) * interval.milliseconds, open: open, high: high, low: low, close: close)
    }
}

func candle(openTime: Int64, open: Double, high: Double, low: Double, close: Double, volume: String = "12.5") -> Candle {
    func p(_ x: Double) -> Price { Price(units: Int64((x * 100).rounded()) * 1_000_000) }
    return try! Candle(openTime: openTime, open: p(open), high: p(high), low: p(low), close: p(close), volume: quantity(volume))
}

/// A snapshot with sensible defaults: flat, 10 000 USD of cash, the standard limits, Binance's 0.1 % fee.
func makeSnapshot(
    price priceText: String = "50000", source: MarketSnapshot.Source = .replay,
    candles15m: [Candle] = syntheticCandles(count: 120, start: 48_000, step: 17),
    candles4h: [Candle] = syntheticCandles(count: 60, start: 40_000, step: 160, interval: .fourHours),
    position: PositionSnapshot = .flat, cash: String = "10000", equity: String = "10000",
    limits: RiskLimits = .standard, feeRate: String = "0.001", recentDecisions: [PastDecision] = []
) -> MarketSnapshot {
    MarketSnapshot(
        symbol: btcusdt, price: ReferencePrice(price: price(priceText), observedAt: snapshotTime), source: source,
        change24h: ratio("0.0125"), volume24h: quantity("31234.5"), candles15m: candles15m, candles4h: candles4h,
        position: position, cash: money(cash), equity: money(equity), limits: limits, feeRate: ratio(feeRate),
        recentDecisions: recentDecisions)
}

/// Records the back-off waits instead of waiting, so retry tests run instantly.
actor SleepRecorder {
    private(set) var delays: [Duration] = []

    nonisolated var sleep: @Sendable (Duration) async -> Void {
        { duration in await self.record(duration) }
    }

    private func record(_ duration: Duration) { delays.append(duration) }
}
