import DraizerCore
import Foundation
import Synchronization

/// Plays recorded candles back as a market, at a chosen speed (60× turns each minute into a second).
///
/// The replay's time is `start + (clock.now() − creation time) × speed`. At that time a candle is history
/// once its interval has ended, and the last price is the close of the last ended candle (or the open of one
/// that has begun); nothing later leaks out. Gaps in the recording stay gaps: no bar is invented and the
/// price simply stays old, with its old time, until trading resumes. Its `kind` is `.replay`.
public final class ReplayMarket: MarketDataSource {
    /// The recorded candles of one symbol at one interval.
    public struct Series: Sendable {
        public let info: SymbolInfo
        public let interval: CandleInterval
        /// Oldest first, strictly ascending, each on the interval's grid.
        public let candles: [Candle]

        /// Throws when the candles are out of order or off the interval's grid.
        public init(info: SymbolInfo, interval: CandleInterval, candles: [Candle]) throws(KlineCSV.ParseError) {
            for (index, candle) in candles.enumerated() {
                guard interval.openTime(containing: candle.openTime) == candle.openTime else {
                    throw KlineCSV.ParseError(
                        line: 0, reason: "candle \(index) at \(candle.openTime) is not on the \(interval) grid")
                }
                if index > 0, candle.openTime <= candles[index - 1].openTime {
                    throw KlineCSV.ParseError(line: 0, reason: "candle \(index) at \(candle.openTime) is out of order")
                }
            }
            self.info = info
            self.interval = interval
            self.candles = candles
        }

        /// Reads a kline CSV (either layout `KlineCSV` knows); the interval is detected when not given.
        public init(
            csvFile path: String, info: SymbolInfo, interval: CandleInterval? = nil
        ) throws(KlineCSV.ParseError) {
            let candles = try KlineCSV.load(contentsOf: path)
            try self.init(info: info, interval: Self.interval(interval, of: candles), candles: candles)
        }

        /// Parses kline CSV text.
        public init(csv text: String, info: SymbolInfo, interval: CandleInterval? = nil) throws(KlineCSV.ParseError) {
            let candles = try KlineCSV.parse(text)
            try self.init(info: info, interval: Self.interval(interval, of: candles), candles: candles)
        }

        private static func interval(
            _ given: CandleInterval?, of candles: [Candle]
        ) throws(KlineCSV.ParseError) -> CandleInterval {
            if let given { return given }
            return try KlineCSV.detectInterval(of: candles)
        }

        fileprivate func closeTime(_ candle: Candle) -> Int64 { candle.openTime + interval.milliseconds - 1 }

        /// Index of the first candle that has not ended at `time`.
        fileprivate func firstOpen(at time: Int64) -> Int {
            candles.partitioningIndex { $0.openTime + interval.milliseconds > time }
        }
    }

    public let name: String
    public var kind: MarketSourceKind { .replay }
    public let series: [Series]
    /// Replay milliseconds per clock millisecond.
    public let speed: Double
    /// The replay time at creation.
    public let start: Int64
    private let startedAt: Int64
    private let clock: MarketClock

    /// - Parameters:
    ///   - speed: how much faster than real time the recording plays (1 = real time, 60 = a minute a second).
    ///   - start: the replay time to begin at (default: the open of the earliest candle); candles before it
    ///     are history from the first moment.
    public init(
        series: [Series], speed: Double = 60, start: Int64? = nil, clock: MarketClock = .system, name: String? = nil
    ) {
        self.series = series
        self.speed = speed > 0 ? speed : 1
        self.start = start ?? series.compactMap { $0.candles.first?.openTime }.min() ?? clock.now()
        self.startedAt = clock.now()
        self.clock = clock
        self.name = name ?? "Replay of " + series.map { "\($0.info.symbol) \($0.interval)" }.joined(separator: ", ")
    }

    /// Where the replay stands now, in recorded time.
    public var replayTime: Int64 { replayTime(at: clock.now()) }

    private func replayTime(at now: Int64) -> Int64 {
        start + Int64((Double(now - startedAt) * speed).rounded(.down))
    }

    public func symbols() async throws -> [SymbolInfo] {
        series.map(\.info)
    }

    public func price(of symbol: Symbol) async throws -> PriceTick {
        let series = try series(of: symbol)
        let time = replayTime
        let next = series.firstOpen(at: time)
        if next < series.candles.count, series.candles[next].openTime <= time {
            let forming = series.candles[next]
            return PriceTick(symbol: symbol, price: forming.open, observedAt: forming.openTime, source: .replay)
        }
        guard next > 0 else { throw MarketDataError.noData(symbol) }
        let last = series.candles[next - 1]
        return PriceTick(symbol: symbol, price: last.close, observedAt: series.closeTime(last), source: .replay)
    }

    public func ticker24h(of symbol: Symbol) async throws -> Ticker24h {
        let series = try series(of: symbol)
        let time = replayTime
        let end = series.firstOpen(at: time)
        let from = series.candles.partitioningIndex { $0.openTime >= time - CandleInterval.oneDay.milliseconds }
        guard from < end else { throw MarketDataError.noData(symbol) }
        let window = Array(series.candles[from..<end])
        return Ticker24h.summarising(
            window, symbol: symbol, last: window.last!.close, closeTime: time,
            source: .replay)
    }

    public func candles(
        of symbol: Symbol, interval: CandleInterval, start: Int64?, end: Int64?, limit: Int
    ) async throws -> [Candle] {
        guard limit > 0 else { throw MarketDataError.invalidRequest("limit must be positive") }
        let series = try series(of: symbol)
        let time = replayTime
        let ended = series.candles[..<series.firstOpen(at: time)]
        if interval == series.interval {
            return CandleAggregation.select(ended, start: start, end: end, limit: limit)
        }
        guard interval.milliseconds > series.interval.milliseconds,
              interval.milliseconds % series.interval.milliseconds == 0 else {
            throw MarketDataError.unsupportedInterval(interval)
        }
        // Only bars whose whole span has passed; the current one is still forming.
        return CandleAggregation.aggregate(
            ended, into: interval, start: start, end: end, limit: limit,
            completeBefore: interval.openTime(containing: time))
    }

    /// A replay knows a bar only once it has ended, so there is never a forming candle to show.
    public func currentCandle(of symbol: Symbol, interval: CandleInterval) async throws -> CandleUpdate? {
        _ = try series(of: symbol)
        return nil
    }

    /// Each recorded candle as it ends in replay time (closed candle, then its close as the price), all
    /// symbols merged in time order; a `disconnected` event and the end of the stream when the recording runs
    /// out. Waits go through the injected clock, scaled by `speed`.
    public func updates(for symbols: [Symbol]) -> AsyncStream<MarketEvent> {
        let chosen = series.filter { Set(symbols).contains($0.info.symbol) }
        let (stream, continuation) = AsyncStream.makeStream(of: MarketEvent.self, bufferingPolicy: .unbounded)
        let task = Task {
            defer { continuation.finish() }
            continuation.yield(.connection(.connected))
            var cursors = chosen.map { $0.firstOpen(at: replayTime) }
            while !Task.isCancelled {
                let time = replayTime
                // Emit every candle that has ended by now, in time order across symbols.
                while let index = chosen.indices
                    .filter({ cursors[$0] < chosen[$0].candles.count })
                    .min(by: { chosen[$0].closeTime(chosen[$0].candles[cursors[$0]])
                               < chosen[$1].closeTime(chosen[$1].candles[cursors[$1]]) }),
                    chosen[index].closeTime(chosen[index].candles[cursors[index]]) < time {
                    let series = chosen[index], candle = series.candles[cursors[index]]
                    continuation.yield(.candle(CandleUpdate(
                        symbol: series.info.symbol, interval: series.interval, candle: candle,
                        closeTime: series.closeTime(candle), isClosed: true)))
                    continuation.yield(.price(PriceTick(
                        symbol: series.info.symbol, price: candle.close, observedAt: series.closeTime(candle),
                        source: .replay)))
                    cursors[index] += 1
                }
                let pending = chosen.indices.compactMap { index -> Int64? in
                    cursors[index] < chosen[index].candles.count
                        ? chosen[index].closeTime(chosen[index].candles[cursors[index]]) + 1 : nil
                }
                guard let next = pending.min() else {
                    continuation.yield(.connection(.disconnected(reason: "replay finished")))
                    return
                }
                let wait = (Double(next - time) / speed).rounded(.up)
                do { try await clock.sleep(.milliseconds(Int64(max(wait, 1)))) } catch { return }
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func series(of symbol: Symbol) throws -> Series {
        guard let series = series.first(where: { $0.info.symbol == symbol }) else {
            throw MarketDataError.unknownSymbol(symbol)
        }
        return series
    }
}
