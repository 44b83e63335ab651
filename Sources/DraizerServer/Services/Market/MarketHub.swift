import DraizerCore
import DraizerMarket
import Foundation
import Logging
import NIOConcurrencyHelpers

/// The server's one view of the market: a single upstream subscription per symbol however many users
/// watch it, the latest price of each symbol with the instant it was observed (so nothing trades on a
/// stale price), the tradable symbols with their exchange filters, and fan-out to listeners.
actor MarketHub: PriceBook {
    nonisolated let source: any MarketDataSource
    private let clock: MarketClock
    private let logger: Logger
    /// The symbols' filters and latest prices, read without a hop onto the hub: every order reads them two
    /// or three times, and an actor hop each was a measurable part of its cost.
    private nonisolated let board = NIOLockedValueBox(Board())
    private var pump: Task<Void, Never>?
    private var listeners: [UUID: AsyncStream<MarketEvent>.Continuation] = [:]
    private(set) var connected = false
    /// The symbols with a live subscription.
    private(set) var liveSymbols: [Symbol] = []

    init(source: any MarketDataSource, clock: MarketClock, logger: Logger) {
        self.source = source
        self.clock = clock
        self.logger = logger
    }

    /// Loads the symbol list and subscribes once to `symbols`' live updates.
    func start(symbols watched: [Symbol]) async throws {
        let infos = Dictionary(try await source.symbols().map { ($0.symbol, $0) }) { _, last in last }
        board.withLockedValue { $0.infos = infos }
        liveSymbols = watched.filter { infos[$0] != nil }
        let stream = source.updates(for: liveSymbols)
        pump = Task { [weak self] in
            for await event in stream {
                guard let self else { return }
                await self.receive(event)
            }
        }
    }

    func stop() {
        pump?.cancel()
        pump = nil
        for continuation in listeners.values { continuation.finish() }
        listeners.removeAll()
    }

    nonisolated var tradableSymbols: [SymbolInfo] { board.withLockedValue { $0.infos.values.sorted { $0.symbol < $1.symbol } } }

    nonisolated func symbolInfo(_ symbol: Symbol) async -> SymbolInfo? { board.withLockedValue { $0.infos[symbol] } }

    /// The latest streamed price; when none has arrived yet, one REST read. The observation time travels
    /// with the price, and execution refuses prices older than its maximum age.
    nonisolated func latestPrice(_ symbol: Symbol) async -> ReferencePrice? {
        guard let (tick, receivedAt) = await latestTick(symbol) else { return nil }
        return ReferencePrice(price: tick.price, observedAt: receivedAt)
    }

    /// The latest tick and the server time it was received.
    nonisolated func latestTick(_ symbol: Symbol) async -> (tick: PriceTick, receivedAt: Int64)? {
        let (entry, known) = board.withLockedValue { ($0.latest[symbol], $0.infos[symbol] != nil) }
        if let entry { return entry }
        guard known, let tick = try? await source.price(of: symbol) else { return nil }
        record(tick)
        return board.withLockedValue { $0.latest[symbol] }
    }

    /// Every event the hub receives, for as long as the caller iterates (stream fan-out, stop-loss checks).
    func subscribe() -> AsyncStream<MarketEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<MarketEvent>.makeStream(bufferingPolicy: .bufferingNewest(256))
        listeners[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.removeListener(id) } }
        return stream
    }

    private func removeListener(_ id: UUID) { listeners[id] = nil }

    private func receive(_ event: MarketEvent) {
        switch event {
        case .price(let tick):
            record(tick)
        case .candle:
            break
        case .connection(let state):
            switch state {
            case .connected: connected = true
            case .disconnected: connected = false
            case .reconnecting:
                connected = false
                AppMetrics.marketReconnect()
            case .backfilled: break
            }
            logger.info("market data connection: \(state)")
        }
        for continuation in listeners.values { continuation.yield(event) }
    }

    private nonisolated func record(_ tick: PriceTick) {
        let receivedAt = clock.now()
        board.withLockedValue { board in
            if let current = board.latest[tick.symbol], current.tick.observedAt > tick.observedAt { return }
            board.latest[tick.symbol] = (tick, receivedAt)
        }
    }

    private struct Board {
        var infos: [Symbol: SymbolInfo] = [:]
        /// The latest tick per symbol and when this server received it. Freshness is judged by the receipt
        /// time: a replay's ticks carry recorded (past) times, and what matters for trading is how long ago
        /// we last heard the market.
        var latest: [Symbol: (tick: PriceTick, receivedAt: Int64)] = [:]
    }
}
