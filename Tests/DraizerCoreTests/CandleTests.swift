import DraizerCore
import Testing

@Test func candleRejectsCloseOutsideItsRange() {
    #expect(throws: Candle.Invalid.inconsistentRange(openTime: 0)) {
        try Candle(
            openTime: 0, open: price("10"), high: price("11"), low: price("9"), close: price("12"), volume: .zero)
    }
}

@Test func candleIntervalsUseBinanceNamesAndDurations() {
    #expect(CandleInterval(rawValue: "4h") == .fourHours)
    #expect(CandleInterval.oneMinute.milliseconds == 60_000)
    #expect(CandleInterval.fourHours.milliseconds == 14_400_000)
    #expect(CandleInterval.oneDay.milliseconds == 86_400_000)
    #expect(CandleInterval.allCases.map(\.rawValue)
        == ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"])
}

@Test func candleIntervalFindsTheBarContainingATime() {
    // 2024-01-01T05:30:00Z lies in the 04:00 four-hour bar.
    let time: Int64 = 1_704_087_000_000
    #expect(CandleInterval.fourHours.openTime(containing: time) == 1_704_081_600_000)
    #expect(CandleInterval.oneMinute.openTime(containing: 1_704_081_600_000) == 1_704_081_600_000)
}
