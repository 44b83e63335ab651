import AsyncHTTPClient
import DraizerCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Binance Spot's public market-data REST endpoints, with the manners Binance expects: bounded timeouts,
/// retries with backoff on network errors and 5xx, a full stop on 429/418 until `Retry-After` has passed,
/// request-weight accounting from `X-MBX-USED-WEIGHT-1M` with a pause near the limit, and a server-clock
/// offset from `/api/v3/time`.
///
/// Waiting (backoff, rate-limit pauses) goes through the injected `MarketClock`, so tests never really wait;
/// only the per-request timeout uses real time, because it guards real socket I/O.
///
/// Every method throws `BinanceError` (or `CancellationError` when its task is cancelled).
public final class BinanceRESTClient: Sendable {
    public struct Options: Sendable, Hashable {
        /// How long one attempt may take, from sending the request to the last byte of the body.
        public var requestTimeout: Duration
        /// Retries for network errors, timeouts and 5xx responses.
        public var retry: RetryPolicy
        /// Request weight per minute until `exchangeInfo` reports the real limit (6000 on Binance today).
        public var weightLimitPerMinute: Int
        /// Pause until the next minute once this share (in percent) of the weight limit would be exceeded.
        public var slowDownAtWeightPercent: Int
        /// A 429 whose `Retry-After` is at most this long is waited out and retried; a longer one fails fast
        /// with `BinanceError.rateLimited`.
        public var maxRateLimitWait: Duration
        /// Responses larger than this are refused (the full `exchangeInfo` is a few megabytes).
        public var maxResponseBytes: Int

        public init(
            requestTimeout: Duration = .seconds(10), retry: RetryPolicy = RetryPolicy(),
            weightLimitPerMinute: Int = 6000, slowDownAtWeightPercent: Int = 90,
            maxRateLimitWait: Duration = .seconds(30), maxResponseBytes: Int = 32 << 20
        ) {
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.weightLimitPerMinute = weightLimitPerMinute
            self.slowDownAtWeightPercent = slowDownAtWeightPercent
            self.maxRateLimitWait = maxRateLimitWait
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// The REST base URL, without a trailing slash.
    public let baseURL: String
    private let http: HTTPClient
    private let options: Options
    /// Shared with `BinanceOrderClient`, which signs against this clock and offset and goes through the same
    /// rate-limit gate, since Binance counts weight per IP for every endpoint.
    let clock: MarketClock
    private let logger: Logger
    let state: Mutex<State>

    /// - Parameters:
    ///   - httpClient: owned by the caller, who shuts it down (the default is AsyncHTTPClient's shared one).
    ///   - clock: time for rate-limit windows and the clock offset, and the sleep used for every wait.
    public init(
        baseURL: String, httpClient: HTTPClient = .shared, options: Options = Options(), clock: MarketClock = .system,
        logger: Logger = Logger(label: "draizer.market.binance.rest")
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.http = httpClient
        self.options = options
        self.clock = clock
        self.logger = logger
        self.state = Mutex(State(weightLimit: options.weightLimitPerMinute))
    }

    public convenience init(
        configuration: BinanceConfiguration, httpClient: HTTPClient = .shared, options: Options = Options(),
        clock: MarketClock = .system, logger: Logger = Logger(label: "draizer.market.binance.rest")
    ) {
        self.init(baseURL: configuration.restBaseURL, httpClient: httpClient, options: options, clock: clock,
                  logger: logger)
    }

    // MARK: - What the client knows about Binance

    /// Request weight this IP has used in the current minute, from the last `X-MBX-USED-WEIGHT-1M` header
    /// (0 once that minute is over).
    public var usedWeight: Int {
        let now = clock.now()
        return state.withLock { $0.usedWeight(atServerTime: now + $0.clockOffset) }
    }

    /// The request-weight limit per minute: the configured one until `exchangeInfo` reports Binance's.
    public var weightLimit: Int { state.withLock { $0.weightLimit } }

    /// Server time minus local time in milliseconds, from the last `synchronizeClock()` (0 before it).
    public var clockOffset: Int64 { state.withLock { $0.clockOffset } }

    /// When the clock offset was last measured (local ms since the epoch), or nil if it never was.
    public var clockSynchronizedAt: Int64? { state.withLock { $0.clockSynchronizedAt } }

    /// The local time plus the clock offset: Binance's clock as well as it is known.
    public var estimatedServerTime: Int64 { clock.now() + clockOffset }

    /// Until when (local ms) no request will be sent because of a 429 or 418, or nil when requests may go.
    public var blockedUntil: Int64? {
        let now = clock.now()
        return state.withLock { s in s.blockedUntil.flatMap { $0 > now ? $0 : nil } }
    }

    // MARK: - Endpoints

    /// `GET /api/v3/time` (weight 1): Binance's time, which also updates `clockOffset`.
    public func serverTime() async throws -> Int64 {
        let (payload, sentAt) = try await get(
            "/api/v3/time", query: [], weight: 1, as: BinanceServerTimePayload.self)
        let receivedAt = clock.now()
        // Assume the server read its clock halfway through the round trip.
        let offset = payload.serverTime - (sentAt + receivedAt) / 2
        state.withLock {
            $0.clockOffset = offset
            $0.clockSynchronizedAt = receivedAt
        }
        logger.debug("clock offset measured", metadata: ["offset_ms": "\(offset)"])
        return payload.serverTime
    }

    /// Measures the clock offset and returns it (server minus local, ms).
    @discardableResult
    public func synchronizeClock() async throws -> Int64 {
        _ = try await serverTime()
        return clockOffset
    }

    /// `GET /api/v3/exchangeInfo` (weight 20) for some symbols or, with nil, all of them. Adopts the
    /// `REQUEST_WEIGHT` limit it reports.
    public func exchangeInfo(symbols: [Symbol]? = nil) async throws -> BinanceExchangeInfo {
        var query: [(String, String)] = []
        if let symbols {
            if symbols.count == 1 {
                query.append(("symbol", symbols[0].rawValue))
            } else if !symbols.isEmpty {
                query.append(("symbols", "[" + symbols.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"))
            }
        }
        let (info, _) = try await get("/api/v3/exchangeInfo", query: query, weight: 20, as: BinanceExchangeInfo.self)
        if let limit = info.requestWeightPerMinute, limit > 0 {
            state.withLock { $0.weightLimit = limit }
        }
        for skipped in info.skipped {
            logger.warning("skipping symbol from exchangeInfo",
                           metadata: ["symbol": "\(skipped.symbol)", "reason": "\(skipped.reason)"])
        }
        return info
    }

    /// `GET /api/v3/ticker/price` (weight 2). Binance sends no time, so the tick is stamped with the
    /// estimated server time at which the answer arrived.
    public func price(of symbol: Symbol) async throws -> PriceTick {
        let path = "/api/v3/ticker/price"
        let (payload, _) = try await get(
            path, query: [("symbol", symbol.rawValue)], weight: 2, as: BinanceTickerPricePayload.self)
        guard payload.symbol == symbol.rawValue else {
            throw BinanceError.malformed(path: path, reason: "asked for \(symbol), got \(payload.symbol)")
        }
        return PriceTick(symbol: symbol, price: payload.price, observedAt: estimatedServerTime, source: .binance)
    }

    /// `GET /api/v3/ticker/24hr` for one symbol (weight 2).
    public func ticker24h(of symbol: Symbol) async throws -> Ticker24h {
        let path = "/api/v3/ticker/24hr"
        let (payload, _) = try await get(
            path, query: [("symbol", symbol.rawValue)], weight: 2, as: BinanceTicker24hPayload.self)
        guard payload.symbol == symbol.rawValue else {
            throw BinanceError.malformed(path: path, reason: "asked for \(symbol), got \(payload.symbol)")
        }
        do {
            return try payload.ticker(symbol: symbol)
        } catch {
            throw BinanceError.malformed(path: path, reason: "priceChangePercent: \(error)")
        }
    }

    /// `GET /api/v3/klines` (weight 2), oldest first. The newest row may still be open: see
    /// `BinanceKline.isClosed(at:)`. `limit` is clamped to Binance's 1…1000.
    public func klines(
        of symbol: Symbol, interval: CandleInterval, startTime: Int64? = nil, endTime: Int64? = nil, limit: Int? = nil
    ) async throws -> [BinanceKline] {
        var query = [("symbol", symbol.rawValue), ("interval", interval.rawValue)]
        if let startTime { query.append(("startTime", String(startTime))) }
        if let endTime { query.append(("endTime", String(endTime))) }
        if let limit { query.append(("limit", String(min(max(limit, 1), 1000)))) }
        let path = "/api/v3/klines"
        let (rows, _) = try await get(path, query: query, weight: 2, as: [BinanceKline].self)
        for (previous, next) in zip(rows, rows.dropFirst()) where next.openTime <= previous.openTime {
            throw BinanceError.malformed(path: path, reason: "klines out of order at open time \(next.openTime)")
        }
        return rows
    }

    // MARK: - Sending

    /// Sends a GET and decodes the body; returns the local time the successful attempt was sent.
    private func get<T: Decodable>(
        _ path: String, query: [(String, String)], weight: Int, as type: T.Type
    ) async throws -> (T, sentAt: Int64) {
        let (data, sentAt) = try await send(path, query: query, weight: weight)
        return (try BinanceDecoding.decode(T.self, from: data, path: path), sentAt)
    }

    private func send(_ path: String, query: [(String, String)], weight: Int) async throws -> (Data, Int64) {
        let url = baseURL + path + (query.isEmpty ? "" : "?" + query.map { "\($0)=\(Self.percentEncoded($1))" }
            .joined(separator: "&"))
        var attempt = 0
        while true {
            attempt += 1
            try await waitUntilAllowed(path: path, weight: weight)
            let sentAt = clock.now()
            let response: Response
            do {
                response = try await perform(url: url, path: path)
            } catch let error as BinanceError {
                try await retryOrThrow(error, attempt: attempt, path: path)
                continue
            }
            recordWeight(response.headers)
            switch response.status {
            case 200..<300:
                return (Data(buffer: response.body), sentAt)
            case 429:
                let wait = Self.retryAfter(response.headers) ?? .seconds(60)
                let until = clock.now() + wait.wholeMilliseconds
                state.withLock { $0.block(until: until, banned: false) }
                logger.warning("Binance rate limit (429); pausing requests",
                               metadata: ["path": "\(path)", "retry_after": "\(wait)"])
                guard attempt < options.retry.maxAttempts, wait <= options.maxRateLimitWait else {
                    throw BinanceError.rateLimited(retryAfter: wait)
                }
            case 418:
                let until = clock.now() + (Self.retryAfter(response.headers) ?? .seconds(120)).wholeMilliseconds
                state.withLock { $0.block(until: until, banned: true) }
                logger.error("Binance banned this IP (418); no requests until the ban ends",
                             metadata: ["path": "\(path)", "until": "\(until)"])
                throw BinanceError.banned(until: until)
            case 500..<600:
                let body = String(buffer: response.body)
                try await retryOrThrow(.server(status: response.status, body: body), attempt: attempt, path: path)
            default:
                let data = Data(buffer: response.body)
                if let payload = try? JSONDecoder().decode(BinanceErrorPayload.self, from: data) {
                    throw BinanceError.api(status: response.status, code: payload.code, message: payload.msg)
                }
                throw BinanceError.http(status: response.status, body: String(buffer: response.body))
            }
        }
    }

    /// Sleeps before the next attempt, or throws `error` when the attempts are used up.
    private func retryOrThrow(_ error: BinanceError, attempt: Int, path: String) async throws {
        guard attempt < options.retry.maxAttempts else { throw error }
        let delay = options.retry.delay(beforeRetry: attempt)
        logger.warning("Binance request failed; retrying",
                       metadata: ["path": "\(path)", "attempt": "\(attempt)", "delay": "\(delay)",
                                  "error": "\(error)"])
        try await clock.sleep(delay)
    }

    /// Holds the request back while a 429 pause runs or the minute's weight is nearly used up; fails at
    /// once during a ban or when the pause is too long to wait out.
    func waitUntilAllowed(path: String, weight: Int) async throws {
        while true {
            let now = clock.now()
            let gate = state.withLock { $0.gate(now: now, weight: weight, slowDownPercent: options.slowDownAtWeightPercent) }
            switch gate {
            case .open:
                return
            case .banned(let until):
                throw BinanceError.banned(until: until)
            case .paused(let remaining):
                guard remaining <= options.maxRateLimitWait else { throw BinanceError.rateLimited(retryAfter: remaining) }
                try await clock.sleep(remaining)
            case .nearWeightLimit(let used, let untilNextMinute):
                logger.notice("request weight near the limit; waiting for the next minute",
                              metadata: ["path": "\(path)", "used_weight": "\(used)", "wait": "\(untilNextMinute)"])
                try await clock.sleep(untilNextMinute)
                state.withLock { $0.forgetWeight() }
                return
            }
        }
    }

    private struct Response: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    private func perform(url: String, path: String) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "draizer")
        let http = self.http, maxBytes = options.maxResponseBytes, prepared = request
        let timeout = options.requestTimeout
        do {
            return try await withRealTimeout(timeout) {
                let response = try await http.execute(prepared, timeout: .milliseconds(timeout.wholeMilliseconds))
                let body = try await response.body.collect(upTo: maxBytes)
                return Response(status: Int(response.status.code), headers: response.headers, body: body)
            }
        } catch is RealTimeoutExpired {
            throw BinanceError.timeout(path: path)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw BinanceError.timeout(path: path)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw BinanceError.transport(path: path, reason: String(describing: error))
        }
    }

    func recordWeight(_ headers: HTTPHeaders) {
        guard let text = headers.first(name: "X-MBX-USED-WEIGHT-1M"), let used = Int(text) else { return }
        let now = clock.now()
        state.withLock { $0.recordWeight(used, atServerTime: now + $0.clockOffset) }
    }

    /// `Retry-After` in seconds, as Binance sends it.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let text = headers.first(name: "Retry-After"), let seconds = Int(text.trimmingCharacters(in: .whitespaces)),
              seconds >= 0 else { return nil }
        return .seconds(seconds)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (`symbols=["A","B"]` needs it).
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension BinanceRESTClient {
    /// Mutable knowledge shared by concurrent requests: weight, pauses and the clock offset.
    struct State {
        var weightLimit: Int
        var usedWeight = 0
        /// The server minute (`serverTime / 60 000`) `usedWeight` was reported in.
        var usedWeightMinute: Int64 = .min
        var clockOffset: Int64 = 0
        var clockSynchronizedAt: Int64?
        var blockedUntil: Int64?
        var banned = false

        enum Gate {
            case open
            case banned(until: Int64)
            case paused(remaining: Duration)
            case nearWeightLimit(used: Int, untilNextMinute: Duration)
        }

        func usedWeight(atServerTime time: Int64) -> Int {
            time / 60_000 == usedWeightMinute ? usedWeight : 0
        }

        mutating func recordWeight(_ used: Int, atServerTime time: Int64) {
            let minute = time / 60_000
            // Responses can arrive out of order; within a minute the counter only grows.
            if minute == usedWeightMinute { usedWeight = max(usedWeight, used) } else { usedWeight = used }
            usedWeightMinute = minute
        }

        mutating func forgetWeight() {
            usedWeight = 0
            usedWeightMinute = .min
        }

        mutating func block(until: Int64, banned: Bool) {
            blockedUntil = max(blockedUntil ?? until, until)
            self.banned = self.banned || banned
        }

        mutating func gate(now: Int64, weight: Int, slowDownPercent: Int) -> Gate {
            if let until = blockedUntil {
                if until > now {
                    return banned ? .banned(until: until) : .paused(remaining: .milliseconds(until - now))
                }
                blockedUntil = nil
                banned = false
            }
            let serverNow = now + clockOffset
            let used = usedWeight(atServerTime: serverNow)
            if used > 0, used + weight > weightLimit * slowDownPercent / 100 {
                // Binance's window is the server's calendar minute; wait a little past its end.
                let untilNextMinute = 60_000 - serverNow % 60_000 + 100
                return .nearWeightLimit(used: used, untilNextMinute: .milliseconds(untilNextMinute))
            }
            return .open
        }
    }
}

/// Thrown by `withRealTimeout` when the operation outlived its time.
struct RealTimeoutExpired: Error {}

/// Runs `operation`, cancelling it after `timeout` of real time. For socket I/O only, where the remote end
/// decides how long things take; every other wait goes through the injected `MarketClock`.
func withRealTimeout<T: Sendable>(
    _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw RealTimeoutExpired() }
        return value
    }
}

extension String {
    func leftPadded(to length: Int, with pad: Character = "0") -> String {
        count >= length ? self : String(repeating: pad, count: length - count) + self
    }
}
