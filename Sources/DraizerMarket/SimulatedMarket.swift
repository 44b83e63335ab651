import DraizerCore
import Synchronization

/// A seeded, BTC-like market for demos and tests: the same seed and clock give the same prices, candles and
/// live ticks (see `SimulationEngine` for the model). It has history back to `historyDays` before the day it
/// was created on, and moves on as its injected clock does. Its `kind` is `.simulated`, so nothing it
/// produces can be taken for the real market.
public final class SimulatedMarket: MarketDataSource {
    public struct Configuration: Sendable, Hashable {
        public var seed: UInt64
        public var symbols: [SimulatedSymbol]
        /// Whole days of history before the UTC day the market is created on.
        public var historyDays: Int

        public init(seed: UInt64, symbols: [SimulatedSymbol] = [.btcusdt, .ethusdt], historyDays: Int = 30) {
            self.seed = seed
            self.symbols = symbols
            self.historyDays = max(historyDays, 0)
        }
    }

    public let name: String
    public var kind: MarketSourceKind { .simulated }
    public let configuration: Configuration
    private let clock: MarketClock
    private let engine: Mutex<SimulationEngine>

    /// The history starts at midnight UTC `historyDays` before `clock.now()`'s day, so two markets with the
    /// same seed created on the same day produce the same series.
    public init(configuration: Configuration, clock: MarketClock = .system) {
        self.configuration = configuration
        self.clock = clock
        self.name = "Simulated (seed \(configuration.seed))"
        let day = CandleInterval.oneDay
        let origin = day.openTime(containing: clock.now()) - Int64(configuration.historyDays) * day.milliseconds
        self.engine = Mutex(SimulationEngine(seed: configuration.seed, symbols: configuration.symbols, origin: origin))
    }

    /// Open time of the first simulated minute.
    public var historyStart: Int64 { engine.withLock { $0.origin } }

    public func symbols() async throws -> [SymbolInfo] {
        configuration.symbols.map(\.info)
    }

    public func price(of symbol: Symbol) async throws -> PriceTick {
        let now = clock.now()
        return try withSeries(symbol, at: now) { series in
            guard let path = series.current else { throw MarketDataError.noData(symbol) }
            let step = Self.step(at: now, in: path)
            return PriceTick(
                symbol: symbol, price: path.price(atStep: step),
                observedAt: path.openTime + Int64(step) * SimulationEngine.stepMilliseconds, source: .simulated)
        }
    }

    public func ticker24h(of symbol: Symbol) async throws -> Ticker24h {
        let now = clock.now()
        return try withSeries(symbol, at: now) { series in
            guard let path = series.current else { throw MarketDataError.noData(symbol) }
            let partial = path.candle(throughStep: Self.step(at: now, in: path))
            let closed = series.candles.dropLast()
            let window = Array(closed.suffix(1439)) + [partial]
            return Ticker24h.summarising(
                window, symbol: symbol, last: partial.close, closeTime: now, source: .simulated)
        }
    }

    public func candles(
        of symbol: Symbol, interval: CandleInterval, start: Int64?, end: Int64?, limit: Int
    ) async throws -> [Candle] {
        guard limit > 0 else { throw MarketDataError.invalidRequest("limit must be positive") }
        let now = clock.now()
        return try withSeries(symbol, at: now) { series in
            // The minute in progress is the last generated one; only bars that have ended are history.
            let closedMinutes = series.candles.dropLast()
            if interval == .oneMinute {
                return CandleAggregation.select(closedMinutes, start: start, end: end, limit: limit)
            }
            return CandleAggregation.aggregate(
                closedMinutes, into: interval, start: start, end: end, limit: limit,
                completeBefore: interval.openTime(containing: now))
        }
    }

    public func currentCandle(of symbol: Symbol, interval: CandleInterval) async throws -> CandleUpdate? {
        let now = clock.now()
        return try withSeries(symbol, at: now) { series in
            guard let path = series.current else { throw MarketDataError.noData(symbol) }
            let partial = path.candle(throughStep: Self.step(at: now, in: path))
            let bucket = interval.openTime(containing: now)
            let closedMinutes = series.candles.dropLast()
            let earlier = closedMinutes[closedMinutes.partitioningIndex { $0.openTime >= bucket }...]
            let candle = CandleAggregation.aggregate(Array(earlier) + [partial], into: interval)[0]
            return CandleUpdate(
                symbol: symbol, interval: interval, candle: candle, closeTime: bucket + interval.milliseconds - 1,
                isClosed: false)
        }
    }

    /// Every 5 seconds of the market's clock: a price tick and the forming 1m candle per symbol, plus each
    /// minute's closed candle when it ends. Symbols the market does not simulate are ignored.
    public func updates(for symbols: [Symbol]) -> AsyncStream<MarketEvent> {
        let known = configuration.symbols.map(\.symbol).filter(Set(symbols).contains)
        let (stream, continuation) = AsyncStream.makeStream(of: MarketEvent.self, bufferingPolicy: .unbounded)
        let task = Task {
            defer { continuation.finish() }
            continuation.yield(.connection(.connected))
            var lastStep = Int64.min
            while !Task.isCancelled {
                let now = clock.now()
                let step = now / SimulationEngine.stepMilliseconds
                if step > lastStep {
                    for event in events(for: known, at: now, after: lastStep) { continuation.yield(event) }
                    lastStep = step
                }
                let untilNextStep = (step + 1) * SimulationEngine.stepMilliseconds - now
                do { try await clock.sleep(.milliseconds(untilNextStep)) } catch { return }
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The events due at `now` when the last step reported was `lastStep`: closed candles of every minute
    /// that ended in between, in order, then the current price and forming candle.
    private func events(for symbols: [Symbol], at now: Int64, after lastStep: Int64) -> [MarketEvent] {
        engine.withLock { engine in
            engine.advance(to: now)
            var events: [MarketEvent] = []
            let currentMinute = CandleInterval.oneMinute.openTime(containing: now)
            let lastMinute = lastStep == .min ? currentMinute
                : CandleInterval.oneMinute.openTime(containing: lastStep * SimulationEngine.stepMilliseconds)
            for symbol in symbols {
                guard let index = engine.seriesIndex(of: symbol) else { continue }
                let series = engine.series[index]
                let first = series.candles.partitioningIndex { $0.openTime >= lastMinute }
                for candle in series.candles[first...] where candle.openTime < currentMinute {
                    events.append(.candle(CandleUpdate(
                        symbol: symbol, interval: .oneMinute, candle: candle,
                        closeTime: candle.openTime + SimulationEngine.minute - 1, isClosed: true)))
                }
            }
            for symbol in symbols {
                guard let index = engine.seriesIndex(of: symbol), let path = engine.series[index].current else { continue }
                let step = Self.step(at: now, in: path)
                let observedAt = path.openTime + Int64(step) * SimulationEngine.stepMilliseconds
                events.append(.price(PriceTick(
                    symbol: symbol, price: path.price(atStep: step), observedAt: observedAt, source: .simulated)))
                events.append(.candle(CandleUpdate(
                    symbol: symbol, interval: .oneMinute, candle: path.candle(throughStep: step),
                    closeTime: path.openTime + SimulationEngine.minute - 1, isClosed: false)))
            }
            return events
        }
    }

    /// Runs `body` on the series of `symbol` generated up to `now`.
    private func withSeries<T>(
        _ symbol: Symbol, at now: Int64, _ body: (SimulationEngine.Series) throws -> T
    ) throws -> T {
        try engine.withLock { engine in
            guard let index = engine.seriesIndex(of: symbol) else { throw MarketDataError.unknownSymbol(symbol) }
            guard now >= engine.origin else { throw MarketDataError.noData(symbol) }
            engine.advance(to: now)
            return try body(engine.series[index])
        }
    }

    private static func step(at now: Int64, in path: SimulationEngine.MinutePath) -> Int {
        Int(min(max((now - path.openTime) / SimulationEngine.stepMilliseconds, 0),
                Int64(SimulationEngine.stepsPerMinute - 1)))
    }
}
