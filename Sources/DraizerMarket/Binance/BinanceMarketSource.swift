import AsyncHTTPClient
import DraizerCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Binance Spot (live or testnet) as a `MarketDataSource`: REST for symbols, history and quotes, the
/// combined WebSocket stream for live updates.
///
/// `price(of:)` answers from the live stream when a stream is running, connected and has delivered that
/// symbol's price within `maxPriceAge`; otherwise it asks REST. A price is never served from a stream that
/// has dropped, so a stale price cannot pass for a fresh one.
public final class BinanceMarketSource: MarketDataSource {
    public struct Options: Sendable, Hashable {
        /// Only these symbols are listed by `symbols()` (all trading symbols when nil).
        public var symbols: [Symbol]?
        /// How old a streamed price may be and still be served without asking REST.
        public var maxPriceAge: Duration
        /// How long `symbols()` reuses one `exchangeInfo` answer (weight 20).
        public var symbolsCacheDuration: Duration
        /// How often the server-clock offset is measured again.
        public var clockSyncInterval: Duration
        /// The candle interval the live stream carries.
        public var streamInterval: CandleInterval

        public init(
            symbols: [Symbol]? = nil, maxPriceAge: Duration = .seconds(5), symbolsCacheDuration: Duration = .seconds(3600),
            clockSyncInterval: Duration = .seconds(3600), streamInterval: CandleInterval = .oneMinute
        ) {
            self.symbols = symbols
            self.maxPriceAge = maxPriceAge
            self.symbolsCacheDuration = symbolsCacheDuration
            self.clockSyncInterval = clockSyncInterval
            self.streamInterval = streamInterval
        }
    }

    public let name: String
    public var kind: MarketSourceKind { .binance }
    public let rest: BinanceRESTClient
    public let stream: BinanceStreamClient
    private let options: Options
    private let clock: MarketClock
    private let logger: Logger
    private let cache = Mutex(Cache())

    private struct Cache {
        var symbols: (fetchedAt: Int64, list: [SymbolInfo])?
        /// Streamed prices with the local time they arrived, kept only while their stream is connected.
        var livePrices: [Symbol: (tick: PriceTick, receivedAt: Int64)] = [:]
        /// How many running streams are connected, per symbol.
        var connectedStreams: [Symbol: Int] = [:]
    }

    public init(
        rest: BinanceRESTClient, stream: BinanceStreamClient, name: String = "Binance", options: Options = Options(),
        clock: MarketClock = .system, logger: Logger = Logger(label: "draizer.market.binance")
    ) {
        self.name = name
        self.rest = rest
        self.stream = stream
        self.options = options
        self.clock = clock
        self.logger = logger
    }

    /// Builds both clients from one configuration (`BINANCE_TESTNET`, `BINANCE_API_URL`, `BINANCE_STREAM_URL`).
    public convenience init(
        configuration: BinanceConfiguration, options: Options = Options(),
        restOptions: BinanceRESTClient.Options = .init(), streamOptions: BinanceStreamClient.Options = .init(),
        httpClient: HTTPClient = .shared, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: MarketClock = .system, logger: Logger = Logger(label: "draizer.market.binance")
    ) {
        let rest = BinanceRESTClient(
            configuration: configuration, httpClient: httpClient, options: restOptions, clock: clock, logger: logger)
        let stream = BinanceStreamClient(
            baseURL: configuration.streamBaseURL, rest: rest, options: streamOptions, eventLoopGroup: eventLoopGroup,
            clock: clock, logger: logger)
        self.init(rest: rest, stream: stream, name: configuration.displayName, options: options, clock: clock,
                  logger: logger)
    }

    public func symbols() async throws -> [SymbolInfo] {
        let now = clock.now()
        if let cached = cache.withLock({ $0.symbols }),
           now - cached.fetchedAt < options.symbolsCacheDuration.wholeMilliseconds {
            return cached.list
        }
        let info = try await rest.exchangeInfo(symbols: options.symbols)
        let list = info.symbols.filter(\.isTrading).map(\.info)
        cache.withLock { $0.symbols = (now, list) }
        return list
    }

    public func price(of symbol: Symbol) async throws -> PriceTick {
        let now = clock.now()
        let live = cache.withLock { cache -> PriceTick? in
            guard cache.connectedStreams[symbol, default: 0] > 0, let entry = cache.livePrices[symbol],
                  now - entry.receivedAt <= options.maxPriceAge.wholeMilliseconds else { return nil }
            return entry.tick
        }
        if let live { return live }
        return try await mappingUnknownSymbol(symbol) { try await rest.price(of: symbol) }
    }

    public func ticker24h(of symbol: Symbol) async throws -> Ticker24h {
        try await mappingUnknownSymbol(symbol) { try await rest.ticker24h(of: symbol) }
    }

    public func candles(
        of symbol: Symbol, interval: CandleInterval, start: Int64?, end: Int64?, limit: Int
    ) async throws -> [Candle] {
        guard limit > 0 else { throw MarketDataError.invalidRequest("limit must be positive") }
        try await synchronizeClockIfDue()
        let rows = try await mappingUnknownSymbol(symbol) {
            // One more than asked, because the newest row is usually the open bar, which is dropped.
            try await rest.klines(
                of: symbol, interval: interval, startTime: start, endTime: end, limit: min(limit + 1, 1000))
        }
        let serverNow = rest.estimatedServerTime
        let closed = rows.filter { $0.isClosed(at: serverNow) }.map(\.candle)
        return Array(start != nil ? closed.prefix(limit) : closed.suffix(limit))
    }

    public func currentCandle(of symbol: Symbol, interval: CandleInterval) async throws -> CandleUpdate? {
        try await synchronizeClockIfDue()
        let rows = try await mappingUnknownSymbol(symbol) {
            try await rest.klines(of: symbol, interval: interval, limit: 1)
        }
        guard let row = rows.last else { return nil }
        return CandleUpdate(
            symbol: symbol, interval: interval, candle: row.candle, closeTime: row.closeTime,
            isClosed: row.isClosed(at: rest.estimatedServerTime))
    }

    public func updates(for symbols: [Symbol]) -> AsyncStream<MarketEvent> {
        let upstream = stream.events(for: symbols, interval: options.streamInterval)
        let (output, continuation) = AsyncStream.makeStream(of: MarketEvent.self, bufferingPolicy: .unbounded)
        let unique = Set(symbols)
        let task = Task {
            var connected = false
            defer { if connected { self.markConnected(unique, false) } }
            for await event in upstream {
                switch event {
                case .price(let tick):
                    let receivedAt = clock.now()
                    cache.withLock { $0.livePrices[tick.symbol] = (tick, receivedAt) }
                case .connection(.connected):
                    if !connected { markConnected(unique, true) }
                    connected = true
                case .connection(.disconnected):
                    if connected { markConnected(unique, false) }
                    connected = false
                default:
                    break
                }
                continuation.yield(event)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return output
    }

    /// Counts connected streams per symbol; a symbol's streamed price is dropped when none is left, so it
    /// can only be served again after a fresh tick.
    private func markConnected(_ symbols: Set<Symbol>, _ isConnected: Bool) {
        cache.withLock { cache in
            for symbol in symbols {
                let count = cache.connectedStreams[symbol, default: 0] + (isConnected ? 1 : -1)
                cache.connectedStreams[symbol] = max(count, 0)
                if count <= 0 { cache.livePrices[symbol] = nil }
            }
        }
    }

    /// Measures the server-clock offset when it never was or is older than `clockSyncInterval`. A failure
    /// is logged and the previous offset kept: candles can still be served.
    private func synchronizeClockIfDue() async throws {
        if let last = rest.clockSynchronizedAt, clock.now() - last < options.clockSyncInterval.wholeMilliseconds {
            return
        }
        do {
            try await rest.synchronizeClock()
        } catch let error as BinanceError {
            logger.warning("could not measure the Binance clock offset", metadata: ["error": "\(error)"])
        }
    }

    private func mappingUnknownSymbol<T>(_ symbol: Symbol, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as BinanceError where error.isUnknownSymbol {
            throw MarketDataError.unknownSymbol(symbol)
        }
    }
}
