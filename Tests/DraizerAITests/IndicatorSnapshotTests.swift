import DraizerCore
import Testing

@Test func snapshotIndicatorsAreTheCoresIndicatorsOverTheCandles() throws {
    let candles = Array(SharedData.btc15m.prefix(300))
    try #require(candles.count == 300, "the shared 15m BTCUSDT data was not found")
    var ema20 = ExponentialMovingAverage(period: 20)
    var ema50 = ExponentialMovingAverage(period: 50)
    var rsi = RelativeStrengthIndex(period: 14)
    var macd = MovingAverageConvergenceDivergence(fastPeriod: 12, slowPeriod: 26, signalPeriod: 9)
    var atr = AverageTrueRange(period: 14)
    var bands = BollingerBands(period: 20, multiplier: 2)
    for candle in candles {
        ema20.update(candle)
        ema50.update(candle)
        rsi.update(candle)
        macd.update(candle)
        atr.update(candle)
        bands.update(candle)
    }
    let snapshot = IndicatorSnapshot(candles: candles)
    #expect(snapshot.candleCount == 300)
    #expect(snapshot.ema20 == ema20.value)
    #expect(snapshot.ema50 == ema50.value)
    #expect(snapshot.rsi14 == rsi.value)
    #expect(snapshot.macd == macd.value)
    #expect(snapshot.atr14 == atr.value)
    #expect(snapshot.bollinger == bands.value)
    #expect(snapshot.isComplete)
}

@Test func snapshotReadingsAreMissingUntilTheirIndicatorIsReady() {
    let candles = syntheticCandles(count: 30, start: 100, step: 1)
    let snapshot = IndicatorSnapshot(candles: candles)
    #expect(snapshot.ema20 != nil)
    #expect(snapshot.rsi14 != nil)
    #expect(snapshot.bollinger != nil)
    #expect(snapshot.ema50 == nil)
    #expect(snapshot.macd == nil)
    #expect(!snapshot.isComplete)
    #expect(IndicatorSnapshot(candles: []).ema20 == nil)
}

@Test func marketSnapshotComputesBothIndicatorSetsFromItsCandles() {
    let snapshot = makeSnapshot()
    #expect(snapshot.indicators15m == IndicatorSnapshot(candles: snapshot.candles15m))
    #expect(snapshot.indicators4h == IndicatorSnapshot(candles: snapshot.candles4h))
}

@Test func realFourHourCandlesAggregateFromFifteenMinutes() throws {
    let fourHours = SharedData.aggregate(SharedData.btc15m, into: .fourHours, from: .fifteenMinutes)
    // 2021-09-29 08:00 is the bar the maintenance gap (07:00–08:45) leaves incomplete.
    #expect(!fourHours.contains { $0.openTime == 1_632_902_400_000 })
    let first = try #require(fourHours.first)
    #expect(first.openTime == 1_630_540_800_000)
    #expect(first.open == price("48810.51"))
}
