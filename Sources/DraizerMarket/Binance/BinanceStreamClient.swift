import DraizerCore
import Logging
import NIOCore
import NIOPosix

/// Binance's combined market stream for a set of symbols (`/stream?streams=btcusdt@kline_1m/btcusdt@miniTicker`),
/// kept alive: it reconnects with backoff after a drop or a silent connection, renews the connection before
/// Binance's 24-hour cut, and after every reconnect fetches the closed candles it missed over REST and emits
/// them in order, so a consumer never sees a hole that the exchange does not have. Malformed messages are
/// logged and skipped.
public final class BinanceStreamClient: Sendable {
    /// Which stream supplies prices.
    public enum PriceStream: String, Sendable, Hashable {
        /// `<symbol>@miniTicker`, once a second: plenty for paper trading and light on the 5-messages-a-second
        /// budget.
        case miniTicker
        /// `<symbol>@trade`: every trade.
        case trade
    }

    public struct Options: Sendable, Hashable {
        public var priceStream: PriceStream
        /// Time allowed for the TCP connect and WebSocket upgrade.
        public var connectTimeout: Duration
        /// A connection that delivers nothing (not even Binance's 20-second ping) for this long is dead.
        public var idleTimeout: Duration
        /// Reconnect on our own terms before Binance cuts every connection at 24 hours.
        public var maxConnectionAge: Duration
        /// Backoff between failed connection attempts (`maxAttempts` is ignored: the stream never gives up).
        public var reconnect: RetryPolicy
        /// The most candles one backfill fetches (five REST pages), so a days-long outage cannot stall the feed.
        public var maxBackfillCandles: Int

        public init(
            priceStream: PriceStream = .miniTicker, connectTimeout: Duration = .seconds(10),
            idleTimeout: Duration = .seconds(30), maxConnectionAge: Duration = .seconds(23 * 3600 + 30 * 60),
            reconnect: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(30)),
            maxBackfillCandles: Int = 5000
        ) {
            self.priceStream = priceStream
            self.connectTimeout = connectTimeout
            self.idleTimeout = idleTimeout
            self.maxConnectionAge = maxConnectionAge
            self.reconnect = reconnect
            self.maxBackfillCandles = maxBackfillCandles
        }
    }

    /// The stream base URL without a trailing slash, e.g. `wss://stream.binance.com:9443`.
    public let baseURL: String
    private let rest: BinanceRESTClient
    private let options: Options
    private let group: any EventLoopGroup
    private let clock: MarketClock
    private let logger: Logger

    /// - Parameters:
    ///   - rest: used to backfill candles missed while disconnected.
    ///   - clock: the sleep between reconnect attempts. Liveness timeouts use real time: they watch a socket.
    public init(
        baseURL: String, rest: BinanceRESTClient, options: Options = Options(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, clock: MarketClock = .system,
        logger: Logger = Logger(label: "draizer.market.binance.stream")
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.rest = rest
        self.options = options
        self.group = eventLoopGroup
        self.clock = clock
        self.logger = logger
    }

    /// The combined-stream URL for `symbols` (lowercase, as Binance requires).
    public func streamURL(for symbols: [Symbol], interval: CandleInterval) -> String {
        let names = symbols.flatMap { symbol -> [String] in
            let name = symbol.rawValue.lowercased()
            return ["\(name)@kline_\(interval.rawValue)", "\(name)@\(options.priceStream.rawValue)"]
        }
        return "\(baseURL)/stream?streams=" + names.joined(separator: "/")
    }

    /// Prices, candles of `interval` and connection events for `symbols`, until the consumer stops.
    public func events(for symbols: [Symbol], interval: CandleInterval = .oneMinute) -> AsyncStream<MarketEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: MarketEvent.self, bufferingPolicy: .unbounded)
        let session = Session(
            client: self, symbols: Array(Set(symbols)).sorted(), interval: interval, output: continuation)
        let task = Task {
            var session = session
            await session.run()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// One consumer's feed: the reconnect loop and what it remembers across connections.
    private struct Session {
        let client: BinanceStreamClient
        let symbols: [Symbol]
        let interval: CandleInterval
        let output: AsyncStream<MarketEvent>.Continuation
        /// Open time of the last closed candle emitted per symbol: where a backfill starts.
        var lastClosed: [Symbol: Int64] = [:]

        init(client: BinanceStreamClient, symbols: [Symbol], interval: CandleInterval,
             output: AsyncStream<MarketEvent>.Continuation) {
            self.client = client
            self.symbols = symbols
            self.interval = interval
            self.output = output
        }

        private var logger: Logger { client.logger }

        /// How long a connection must last for its drop to restart the backoff.
        static let stableConnection = Duration.seconds(30)

        mutating func run() async {
            defer { output.finish() }
            guard !symbols.isEmpty else { return }
            let url = client.streamURL(for: symbols, interval: interval)
            var failures = 0
            while !Task.isCancelled {
                let reason: String
                var planned = false
                do {
                    let connection = try await BinanceStreamConnection.open(
                        url: url, on: client.group, connectTimeout: client.options.connectTimeout,
                        idleTimeout: client.options.idleTimeout, maxAge: client.options.maxConnectionAge)
                    let connectedAt = ContinuousClock.now
                    logger.info("market stream connected", metadata: ["url": "\(url)"])
                    output.yield(.connection(.connected))
                    let end = await consume(connection)
                    connection.close(reason: end)
                    if end == .cancelled { return }
                    reason = end.description
                    planned = end.isPlanned
                    // A connection that drops soon after opening counts as a failure, so a server that
                    // accepts and hangs up at once meets a growing backoff rather than a reconnect storm.
                    if planned || ContinuousClock.now - connectedAt >= Self.stableConnection {
                        failures = 0
                    } else {
                        failures += 1
                    }
                } catch {
                    failures += 1
                    reason = "\(error)"
                }
                guard !Task.isCancelled else { return }
                logger.warning("market stream disconnected", metadata: ["reason": "\(reason)"])
                output.yield(.connection(.disconnected(reason: reason)))
                // The first attempt after a drop is 1; each failed attempt in a row adds one.
                let attempt = max(failures, 1)
                let delay = planned ? Duration.zero : client.options.reconnect.delay(beforeRetry: attempt)
                output.yield(.connection(.reconnecting(attempt: attempt, delay: delay)))
                do { try await client.clock.sleep(delay) } catch { return }
            }
        }

        /// Backfills what was missed, then relays messages until the connection ends.
        private mutating func consume(_ connection: BinanceStreamConnection) async -> BinanceStreamConnection.EndReason {
            // Messages arriving meanwhile wait in the connection's buffer, so backfilled candles come first.
            for symbol in symbols {
                guard let last = lastClosed[symbol] else { continue }
                do {
                    try await backfill(symbol, after: last, before: nil)
                } catch is CancellationError {
                    return .cancelled
                } catch {
                    return .backfillFailed("\(error)")
                }
            }
            for await signal in connection.signals {
                switch signal {
                case .ended(let reason):
                    return reason
                case .text(let text):
                    if let end = await handle(text) { return end }
                }
            }
            return Task.isCancelled ? .cancelled : .closedByPeer(code: "stream ended")
        }

        /// Relays one message; returns a reason when it ends the connection.
        private mutating func handle(_ text: String) async -> BinanceStreamConnection.EndReason? {
            let message: BinanceStreamMessage
            do {
                message = try BinanceStreamMessage.parse(text)
            } catch {
                logger.warning("skipping malformed stream message",
                               metadata: ["error": "\(error)", "message": "\(text.prefix(300))"])
                return nil
            }
            switch message {
            case .kline(_, let update):
                guard update.interval == interval, symbols.contains(update.symbol) else { return nil }
                let last = lastClosed[update.symbol]
                if let last, update.candle.openTime <= last {
                    return nil  // already emitted, by a backfill or an earlier connection
                }
                if update.isClosed {
                    // A closed bar after a hole (a skipped malformed message, a dropped frame): ask REST
                    // whether bars exist in between; an exchange halt really has none.
                    if let last, update.candle.openTime > last + interval.milliseconds {
                        do {
                            try await backfill(update.symbol, after: last, before: update.candle.openTime)
                        } catch is CancellationError {
                            return .cancelled
                        } catch {
                            return .backfillFailed("\(error)")
                        }
                    }
                    lastClosed[update.symbol] = update.candle.openTime
                }
                output.yield(.candle(update))
            case .miniTicker(let ticker):
                guard symbols.contains(ticker.symbol) else { return nil }
                output.yield(.price(PriceTick(
                    symbol: ticker.symbol, price: ticker.close, observedAt: ticker.eventTime, source: .binance)))
            case .trade(let trade):
                guard symbols.contains(trade.symbol) else { return nil }
                output.yield(.price(PriceTick(
                    symbol: trade.symbol, price: trade.price, observedAt: trade.tradeTime, source: .binance)))
            case .serverShutdown:
                return .serverShutdown
            case .other:
                break
            }
            return nil
        }

        /// Emits the closed candles strictly after `after` (and before `before`, when given) from REST, oldest
        /// first, then a `backfilled` event with their number.
        private mutating func backfill(_ symbol: Symbol, after: Int64, before: Int64?) async throws {
            var start = after + interval.milliseconds
            var count = 0
            while count < client.options.maxBackfillCandles {
                let rows = try await client.rest.klines(
                    of: symbol, interval: interval, startTime: start, endTime: before.map { $0 - 1 }, limit: 1000)
                let serverNow = client.rest.estimatedServerTime
                let closed = rows.prefix { row in
                    row.openTime >= start && row.isClosed(at: serverNow) && before.map { row.openTime < $0 } ?? true
                }
                for row in closed.prefix(client.options.maxBackfillCandles - count) {
                    output.yield(.candle(CandleUpdate(
                        symbol: symbol, interval: interval, candle: row.candle, closeTime: row.closeTime,
                        isClosed: true, isBackfill: true)))
                    lastClosed[symbol] = row.openTime
                    count += 1
                }
                guard rows.count == 1000, closed.count == rows.count, let next = lastClosed[symbol] else { break }
                start = next + interval.milliseconds
            }
            logger.info("backfilled missed candles", metadata: ["symbol": "\(symbol)", "count": "\(count)"])
            output.yield(.connection(.backfilled(symbol: symbol, interval: interval, count: count)))
        }
    }
}
