import DraizerCore

/// Builds longer candles from shorter ones, for sources that keep one base interval (the simulation's 1m
/// bars, a replay file) but are asked for another.
enum CandleAggregation {
    /// Groups ascending `candles` into bars of `interval` (which must be a whole multiple of theirs). A bar
    /// is built from whatever base candles fall in it, so a gap stays a gap: an hour with no base candle has
    /// no bar, and an hour with some missing minutes is built from the minutes that exist.
    static func aggregate(_ candles: some Collection<Candle>, into interval: CandleInterval) -> [Candle] {
        var result: [Candle] = []
        var current: (openTime: Int64, open: Price, high: Price, low: Price, close: Price, volume: Quantity)?
        for candle in candles {
            let bucket = interval.openTime(containing: candle.openTime)
            if let bar = current, bar.openTime == bucket {
                current = (bar.openTime, bar.open, max(bar.high, candle.high), min(bar.low, candle.low),
                           candle.close, bar.volume + candle.volume)
            } else {
                if let bar = current { result.append(makeCandle(bar)) }
                current = (bucket, candle.open, candle.high, candle.low, candle.close, candle.volume)
            }
        }
        if let bar = current { result.append(makeCandle(bar)) }
        return result
    }

    private static func makeCandle(
        _ bar: (openTime: Int64, open: Price, high: Price, low: Price, close: Price, volume: Quantity)
    ) -> Candle {
        // The high and low are the extremes of bars that each hold their own open and close, so the
        // aggregate is consistent whenever its parts are; Candle's check cannot fail here.
        try! Candle(openTime: bar.openTime, open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                    volume: bar.volume)
    }

    /// Bars of `interval` from ascending base `candles`, chosen as `select` chooses: open times in
    /// `start...end`, only bars that opened before `completeBefore` (a bar boundary, so every such bar's
    /// span has ended), then the oldest `limit` when `start` is given, otherwise the newest `limit`.
    /// It counts bars rather than time, so a gap in the data does not shorten the answer, and it only
    /// aggregates the candles it needs.
    static func aggregate(
        _ candles: ArraySlice<Candle>, into interval: CandleInterval, start: Int64?, end: Int64?, limit: Int,
        completeBefore: Int64
    ) -> [Candle] {
        var upperTime = completeBefore
        if let end { upperTime = min(upperTime, interval.openTime(containing: end) + interval.milliseconds) }
        // The first bar opening at or after `start`, as Binance's startTime selects.
        let lowerTime = start.map { interval.openTime(containing: $0 + interval.milliseconds - 1) } ?? .min
        var lower = candles.partitioningIndex { $0.openTime >= lowerTime }
        var upper = candles.partitioningIndex { $0.openTime >= upperTime }
        guard lower < upper, limit > 0 else { return [] }
        var bars = 0
        var previousBar: Int64?
        if start != nil {
            var index = lower
            while index < upper {
                let bar = interval.openTime(containing: candles[index].openTime)
                if bar != previousBar {
                    bars += 1
                    if bars > limit { break }
                    previousBar = bar
                }
                index += 1
            }
            upper = index
        } else {
            var index = upper
            while index > lower {
                let bar = interval.openTime(containing: candles[index - 1].openTime)
                if bar != previousBar {
                    bars += 1
                    if bars > limit { break }
                    previousBar = bar
                }
                index -= 1
            }
            lower = index
        }
        return aggregate(candles[lower..<upper], into: interval)
    }

    /// Applies the `candles(of:interval:start:end:limit:)` contract to an ascending list: open times in
    /// `start...end`, then the oldest `limit` when `start` is given, otherwise the newest `limit`.
    static func select(_ candles: ArraySlice<Candle>, start: Int64?, end: Int64?, limit: Int) -> [Candle] {
        let lower = start.map { s in candles.partitioningIndex { $0.openTime >= s } } ?? candles.startIndex
        let upper = end.map { e in candles.partitioningIndex { $0.openTime > e } } ?? candles.endIndex
        guard lower < upper else { return [] }
        let window = candles[lower..<upper]
        return Array(start != nil ? window.prefix(limit) : window.suffix(limit))
    }
}

extension RandomAccessCollection {
    /// The first index whose element satisfies `predicate`, for a collection already partitioned by it
    /// (false…false true…true): binary search.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if predicate(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
