import DraizerCore
import Testing

private func feed<I: SeriesIndicator>(_ indicator: inout I, _ values: [Double]) {
    for value in values { indicator.update(value) }
}

private func isClose(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

@Test func smaAveragesTheLastPeriodValues() {
    var sma = SimpleMovingAverage(period: 3)
    feed(&sma, [1, 2])
    #expect(!sma.isReady)
    feed(&sma, [3, 4, 5])
    #expect(sma.value == 4)
}

@Test func emaIsSeededWithTheSimpleAverage() {
    // Seed (1 + 2 + 3) / 3 = 2; α = 0.5: 0.5 × 4 + 0.5 × 2 = 3, then 0.5 × 5 + 0.5 × 3 = 4.
    var ema = ExponentialMovingAverage(period: 3)
    feed(&ema, [1, 2])
    #expect(ema.value == nil)
    feed(&ema, [3])
    #expect(ema.value == 2)
    feed(&ema, [4, 5])
    #expect(ema.value == 4)
}

/// The sample closes of StockCharts' ChartSchool RSI article; expected readings computed independently in
/// full precision with Wilder's method.
private let rsiCloses: [Double] = [
    44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28,
    46.00, 46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57,
    43.42, 42.66, 43.13,
]

@Test func rsiMatchesWildersMethodOnKnownCloses() {
    var rsi = RelativeStrengthIndex(period: 14)
    feed(&rsi, Array(rsiCloses.prefix(14)))
    #expect(!rsi.isReady)
    feed(&rsi, [rsiCloses[14]])
    #expect(isClose(rsi.value, 70.46413502109705))
    feed(&rsi, Array(rsiCloses.dropFirst(15)))
    #expect(isClose(rsi.value, 37.788771982057824))
}

@Test func rsiIsHundredWithoutLossesAndFiftyWithoutMovement() {
    var rising = RelativeStrengthIndex(period: 3)
    feed(&rising, [1, 2, 3, 4])
    #expect(rising.value == 100)
    var flat = RelativeStrengthIndex(period: 3)
    feed(&flat, [5, 5, 5, 5])
    #expect(flat.value == 50)
}

@Test func macdCombinesFastSlowAndSignalEMAs() {
    // Fast EMA(2): 1.5, 2.5, 3.5, 4.5, 5.5, 4.5; slow EMA(3): 2, 3, 4, 5, 4.5 → MACD 0.5 ×4, then 0.
    // Signal EMA(2) of MACD: seeded 0.5, then ⅔ × 0 + ⅓ × 0.5 = ⅙ on the last bar.
    var macd = MovingAverageConvergenceDivergence(fastPeriod: 2, slowPeriod: 3, signalPeriod: 2)
    feed(&macd, [1, 2, 3])
    #expect(!macd.isReady)
    feed(&macd, [4])
    #expect(isClose(macd.value?.signal, 0.5))
    feed(&macd, [5, 6, 4])
    #expect(isClose(macd.value?.macd, 0))
    #expect(isClose(macd.value?.signal, 1.0 / 6))
    #expect(isClose(macd.value?.histogram, -1.0 / 6))
}

@Test func standardMACDIsReadyOnThe34thClose() {
    var macd = MovingAverageConvergenceDivergence()
    feed(&macd, (1...33).map(Double.init))
    #expect(!macd.isReady)
    feed(&macd, [34])
    #expect(macd.isReady)
}

@Test func atrUsesTrueRangeAcrossGapsWithWilderSmoothing() {
    // True ranges 2, 2, 3 → first ATR 7/3; then a drop (TR 3) → 23/9; then a gap up from 9.5 to a
    // 15–16 bar (TR 6.5) → 104.5/27.
    var atr = AverageTrueRange(period: 3)
    atr.update(candle(0, high: "10", low: "8", close: "9"))
    atr.update(candle(1, high: "11", low: "9", close: "10.5"))
    #expect(!atr.isReady)
    atr.update(candle(2, high: "13", low: "10", close: "12"))
    #expect(isClose(atr.value, 7.0 / 3))
    atr.update(candle(3, high: "12", low: "9", close: "9.5"))
    #expect(isClose(atr.value, 23.0 / 9))
    atr.update(candle(4, high: "16", low: "15", close: "15.5"))
    #expect(isClose(atr.value, 104.5 / 27))
}

@Test func bollingerBandsUsePopulationDeviation() {
    // Mean 5 and population deviation 2: the textbook example.
    var bands = BollingerBands(period: 8, multiplier: 2)
    feed(&bands, [2, 4, 4, 4, 5, 5, 7, 9])
    #expect(bands.value == BollingerBands.Reading(lower: 1, middle: 5, upper: 9))
}

@Test func bollingerWindowRollsForward() {
    var bands = BollingerBands(period: 2, multiplier: 1)
    feed(&bands, [100, 1, 3])
    #expect(bands.value == BollingerBands.Reading(lower: 1, middle: 2, upper: 3))
}

@Test func indicatorsReadCandleClosesThroughTheProtocol() {
    var indicators: [any Indicator] = [
        SimpleMovingAverage(period: 2), ExponentialMovingAverage(period: 2), RelativeStrengthIndex(period: 2),
        MovingAverageConvergenceDivergence(fastPeriod: 2, slowPeriod: 3, signalPeriod: 2),
        AverageTrueRange(period: 2), BollingerBands(period: 2),
    ]
    for index in 0..<5 {
        for position in indicators.indices { indicators[position].update(candle(index, close: Double(index + 1))) }
    }
    #expect(indicators.allSatisfy { $0.isReady })
    for position in indicators.indices { indicators[position].reset() }
    #expect(indicators.allSatisfy { !$0.isReady })
}

@Test func smaReadsTheCandleClose() {
    var sma = SimpleMovingAverage(period: 2)
    sma.update(candle(0, high: "12", low: "8", close: "10"))
    sma.update(candle(1, high: "13", low: "9", close: "11"))
    #expect(sma.value == 10.5)
}
