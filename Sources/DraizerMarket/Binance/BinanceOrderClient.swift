import AsyncHTTPClient
import DraizerCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Binance Spot's signed endpoints for executing a user's orders with the user's own API key: MARKET orders,
/// order queries and the account balances. Meant for Spot Testnet (`BinanceConfiguration(testnet: true)`);
/// nothing in it is testnet-specific.
///
/// Every request is signed as Binance documents: the parameters, then `recvWindow` and a `timestamp` in
/// Binance's time (local time plus the offset measured from `/api/v3/time`), are joined into the exact
/// string that is sent, HMAC-SHA256'd with the secret, and `signature` is appended last; the key goes in
/// `X-MBX-APIKEY`. Orders send that string as an `application/x-www-form-urlencoded` body, queries as the
/// query string. A `-1021` (timestamp outside `recvWindow`) re-measures the offset and retries once.
///
/// **An order is never re-sent blindly.** Once a `POST /api/v3/order` has gone out, a timeout, a dropped
/// connection, a 5xx or Binance's `-1007 TIMEOUT` leave its fate unknown: it may have executed. The client
/// then asks Binance for the order by its client order id (`GET /api/v3/order`, generated when the caller
/// gives none, so there always is one), a few times with backoff, and returns what Binance reports; if
/// Binance still cannot say, it throws `BinanceOrderError.executionUnknown` rather than guessing. Rejections
/// Binance answers with before matching (429, -1021, filters, balance) are safe and handled as such.
///
/// Waiting goes through the injected `MarketClock`; only the per-request timeout uses real time.
/// Every method throws `BinanceOrderError` (or `CancellationError` when its task is cancelled).
public final class BinanceOrderClient: Sendable {
    public struct Options: Sendable, Hashable {
        /// Milliseconds after `timestamp` within which Binance accepts the request (Binance: default 5000,
        /// at most 60000).
        public var recvWindow: Int64
        /// How long one request may take. Longer than Binance's own 10 s so that its `-1007` can arrive.
        public var requestTimeout: Duration
        /// Retries for queries (never for sending an order) and the pauses between order look-ups.
        public var retry: RetryPolicy
        /// A 429 whose `Retry-After` is at most this long is waited out; a longer one fails fast.
        public var maxRateLimitWait: Duration
        /// The clock offset is re-measured before a signed request when it is older than this.
        public var clockResyncInterval: Duration
        /// How many times an order whose answer was lost is looked up before giving up.
        public var lookupAttempts: Int

        public init(
            recvWindow: Int64 = 5000, requestTimeout: Duration = .seconds(15), retry: RetryPolicy = RetryPolicy(),
            maxRateLimitWait: Duration = .seconds(30), clockResyncInterval: Duration = .seconds(600),
            lookupAttempts: Int = 3
        ) {
            self.recvWindow = min(max(recvWindow, 1), 60_000)
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.maxRateLimitWait = maxRateLimitWait
            self.clockResyncInterval = clockResyncInterval
            self.lookupAttempts = max(1, lookupAttempts)
        }
    }

    /// The REST base URL, without a trailing slash.
    public let baseURL: String
    /// The unsigned client for the same base URL: it measures the clock offset the signatures use and keeps
    /// the rate-limit state (weight, 429 pauses, 418 bans) these requests share.
    public let rest: BinanceRESTClient
    private let http: HTTPClient
    private let options: Options
    private let logger: Logger

    /// - Parameters:
    ///   - httpClient: owned by the caller, who shuts it down (the default is AsyncHTTPClient's shared one).
    ///   - clock: local time for timestamps and the sleep used for every wait.
    public init(
        baseURL: String, httpClient: HTTPClient = .shared, options: Options = Options(), clock: MarketClock = .system,
        logger: Logger = Logger(label: "draizer.market.binance.orders")
    ) {
        self.rest = BinanceRESTClient(
            baseURL: baseURL, httpClient: httpClient,
            options: .init(requestTimeout: options.requestTimeout, retry: options.retry,
                           maxRateLimitWait: options.maxRateLimitWait, maxResponseBytes: 4 << 20),
            clock: clock, logger: logger)
        self.baseURL = rest.baseURL
        self.http = httpClient
        self.options = options
        self.logger = logger
    }

    public convenience init(
        configuration: BinanceConfiguration, httpClient: HTTPClient = .shared, options: Options = Options(),
        clock: MarketClock = .system, logger: Logger = Logger(label: "draizer.market.binance.orders")
    ) {
        self.init(baseURL: configuration.restBaseURL, httpClient: httpClient, options: options, clock: clock,
                  logger: logger)
    }

    // MARK: - Endpoints

    /// `POST /api/v3/order` (weight 1): a MARKET order with a FULL answer, sized either by `quoteOrderQty`
    /// (spend, or receive, this much quote) or by `quantity` (base) — exactly one of them.
    ///
    /// - Parameter clientOrderId: Binance's `newClientOrderId`, 1–36 of `A–Z a–z 0–9 - _`; one is generated
    ///   when nil. It is what the order is looked up by if its answer is lost.
    /// - Returns: the order as Binance reports it; `status` may be `EXPIRED` with partial or no fills.
    public func placeMarketOrder(
        symbol: Symbol, side: OrderSide, quoteOrderQty: Money? = nil, quantity: Quantity? = nil,
        clientOrderId: String? = nil, credentials: BinanceCredentials
    ) async throws -> BinanceOrderResult {
        var parameters = [("symbol", symbol.rawValue), ("side", side == .buy ? "BUY" : "SELL"), ("type", "MARKET")]
        switch (quoteOrderQty, quantity) {
        case (let amount?, nil):
            guard amount.isPositive else { throw Self.invalid("quoteOrderQty must be positive") }
            parameters.append(("quoteOrderQty", amount.description))
        case (nil, let quantity?):
            guard !quantity.isZero else { throw Self.invalid("quantity must be positive") }
            parameters.append(("quantity", quantity.description))
        default:
            throw Self.invalid("a market order needs exactly one of quoteOrderQty and quantity")
        }
        let clientOrderId = clientOrderId ?? Self.makeClientOrderId()
        guard Self.isValidClientOrderId(clientOrderId) else {
            throw Self.invalid("clientOrderId must be 1–36 letters, digits, '-' or '_'")
        }
        parameters += [("newClientOrderId", clientOrderId), ("newOrderRespType", "FULL")]

        let path = "/api/v3/order"
        switch try await sendSigned(.POST, path, parameters, weight: 1, credentials: credentials, placesOrder: true) {
        case .answered(let data):
            do {
                return try BinanceDecoding.decode(BinanceOrderResult.self, from: data, path: path)
            } catch {
                // Binance accepted the order; its answer is unreadable, so read the order back instead.
                return try await lookUpLostOrder(
                    symbol: symbol, clientOrderId: clientOrderId, credentials: credentials, reason: error.description)
            }
        case .uncertain(let reason):
            return try await lookUpLostOrder(
                symbol: symbol, clientOrderId: clientOrderId, credentials: credentials, reason: reason)
        }
    }

    /// `GET /api/v3/order` (weight 4) by client order id, completed with the order's trades from
    /// `GET /api/v3/myTrades` (weight 5) when anything executed, so `fills` and their commissions are known.
    /// Throws `BinanceOrderError.orderNotFound` when Binance has no such order.
    public func order(
        symbol: Symbol, clientOrderId: String, credentials: BinanceCredentials
    ) async throws -> BinanceOrderResult {
        let path = "/api/v3/order"
        let data: Data
        do {
            data = try await sendSigned(
                .GET, path, [("symbol", symbol.rawValue), ("origClientOrderId", clientOrderId)], weight: 4,
                credentials: credentials
            ).data
        } catch BinanceOrderError.rejected(_, -2013, _) {
            throw BinanceOrderError.orderNotFound(clientOrderId: clientOrderId)
        }
        let order = try decode(BinanceOrderResult.self, from: data, path: path)
        guard !order.executedQty.isZero else { return order }
        let tradesPath = "/api/v3/myTrades"
        let trades = try await sendSigned(
            .GET, tradesPath, [("symbol", symbol.rawValue), ("orderId", String(order.orderId))], weight: 5,
            credentials: credentials
        ).data
        return order.with(fills: try decode([BinanceOrderFill].self, from: trades, path: tradesPath))
    }

    /// `GET /api/v3/account` (weight 20): the account's balances and whether it may trade.
    public func account(credentials: BinanceCredentials, omitZeroBalances: Bool = true) async throws -> BinanceAccount {
        let path = "/api/v3/account"
        let data = try await sendSigned(
            .GET, path, [("omitZeroBalances", omitZeroBalances ? "true" : "false")], weight: 20,
            credentials: credentials
        ).data
        return try decode(BinanceAccount.self, from: data, path: path)
    }

    /// Measures the offset between local time and Binance's, which every signed timestamp uses. Done on the
    /// first signed request and whenever the last measure is older than `clockResyncInterval`.
    @discardableResult
    public func synchronizeClock() async throws -> Int64 {
        do {
            return try await rest.synchronizeClock()
        } catch let error as BinanceError {
            throw BinanceOrderError(error)
        }
    }

    /// A fresh client order id: `draizer-` and 22 random letters and digits (30 characters).
    public static func makeClientOrderId() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return "draizer-" + String((0..<22).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Binance's rule for `newClientOrderId`: `^[a-zA-Z0-9-_]{1,36}$`.
    public static func isValidClientOrderId(_ id: String) -> Bool {
        (1...36).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    /// A request refused before sending.
    private static func invalid(_ message: String) -> BinanceOrderError {
        .invalidRequest(binanceCode: nil, message: message)
    }

    // MARK: - A lost answer

    /// Finds out what became of an order whose answer never arrived, by asking for it by client order id.
    private func lookUpLostOrder(
        symbol: Symbol, clientOrderId: String, credentials: BinanceCredentials, reason: String
    ) async throws -> BinanceOrderResult {
        logger.warning("order answer lost; looking the order up instead of re-sending it",
                       metadata: ["client_order_id": "\(clientOrderId)", "reason": "\(reason)"])
        var lastProblem = reason
        for attempt in 1...options.lookupAttempts {
            do {
                let order = try await order(symbol: symbol, clientOrderId: clientOrderId, credentials: credentials)
                logger.notice("lost order found", metadata: [
                    "client_order_id": "\(clientOrderId)", "status": "\(order.status)", "order_id": "\(order.orderId)",
                ])
                return order
            } catch BinanceOrderError.orderNotFound {
                // Binance may not have processed it yet: ask again before concluding anything.
                lastProblem = "\(reason); Binance reports no such order"
            } catch let error as BinanceOrderError {
                lastProblem = "\(reason); looking it up failed: \(error.message)"
                if !error.isTransient { break }
            }
            if attempt < options.lookupAttempts {
                try await rest.clock.sleep(options.retry.delay(beforeRetry: attempt))
            }
        }
        throw BinanceOrderError.executionUnknown(clientOrderId: clientOrderId, reason: lastProblem)
    }

    // MARK: - Signed requests

    private enum Outcome {
        case answered(Data)
        /// An order went out and no usable answer came back: it may or may not exist.
        case uncertain(String)

        /// The answer of a query, which never comes back `.uncertain` (only orders do).
        var data: Data {
            get throws {
                switch self {
                case .answered(let data): return data
                case .uncertain(let reason): throw BinanceOrderError.unavailable(.transport(path: "", reason: reason))
                }
            }
        }
    }

    /// Signs and sends one request, with the REST client's rate-limit gate and retries for queries. With
    /// `placesOrder`, nothing is retried once it may have reached the matching engine: such failures come
    /// back as `.uncertain` for the caller to look the order up.
    private func sendSigned(
        _ method: HTTPMethod, _ path: String, _ parameters: [(String, String)], weight: Int,
        credentials: BinanceCredentials, placesOrder: Bool = false
    ) async throws -> Outcome {
        guard credentials.apiKeyIsWellFormed else {
            throw BinanceOrderError.invalidAPIKey(
                binanceCode: -2014, message: "The API key is empty or contains spaces or control characters.")
        }
        try await synchronizeClockIfStale()
        var attempt = 0
        var resynchronized = false
        while true {
            attempt += 1
            do {
                try await rest.waitUntilAllowed(path: path, weight: weight)
            } catch let error as BinanceError {
                throw BinanceOrderError(error)
            }
            let request = signedRequest(method, path, parameters, credentials: credentials)
            let response: Response
            do {
                response = try await perform(request, path: path)
            } catch let error as BinanceError {
                if placesOrder { return .uncertain(error.description) }
                try await retryOrThrow(error, attempt: attempt, path: path)
                continue
            }
            rest.recordWeight(response.headers)
            switch response.status {
            case 200..<300:
                return .answered(Data(buffer: response.body))
            case 429:
                let wait = BinanceRESTClient.retryAfter(response.headers) ?? .seconds(60)
                let until = rest.clock.now() + wait.wholeMilliseconds
                rest.state.withLock { $0.block(until: until, banned: false) }
                logger.warning("Binance rate limit (429); pausing requests",
                               metadata: ["path": "\(path)", "retry_after": "\(wait)"])
                // A 429 is answered before the matching engine, so even an order is safe to send again.
                guard attempt < options.retry.maxAttempts, wait <= options.maxRateLimitWait else {
                    throw BinanceOrderError.rateLimited(retryAfter: wait)
                }
            case 418:
                let until = rest.clock.now()
                    + (BinanceRESTClient.retryAfter(response.headers) ?? .seconds(120)).wholeMilliseconds
                rest.state.withLock { $0.block(until: until, banned: true) }
                logger.error("Binance banned this IP (418); no requests until the ban ends",
                             metadata: ["path": "\(path)", "until": "\(until)"])
                throw BinanceOrderError.banned(until: until)
            default:
                let payload = try? JSONDecoder().decode(BinanceErrorPayload.self, from: Data(buffer: response.body))
                if let payload, payload.code == -1021, !resynchronized {
                    // Our clock or the offset drifted: measure again and retry once. Binance checks the
                    // timestamp before matching, so the order was not placed.
                    resynchronized = true
                    logger.notice("timestamp outside recvWindow; re-measuring the clock offset and retrying once",
                                  metadata: ["path": "\(path)"])
                    try await synchronizeClock()
                    attempt -= 1
                    continue
                }
                let unknownOutcome = response.status >= 500 || payload?.code == -1007
                if unknownOutcome {
                    let failure = BinanceError.server(status: response.status, body: String(buffer: response.body))
                    if placesOrder { return .uncertain(failure.description) }
                    try await retryOrThrow(failure, attempt: attempt, path: path)
                    continue
                }
                if let payload {
                    throw BinanceOrderError(status: response.status, code: payload.code, message: payload.msg)
                }
                throw BinanceOrderError.unavailable(.http(status: response.status, body: String(buffer: response.body)))
            }
        }
    }

    private func synchronizeClockIfStale() async throws {
        let now = rest.clock.now()
        if let measured = rest.clockSynchronizedAt, now - measured < options.clockResyncInterval.wholeMilliseconds {
            return
        }
        try await synchronizeClock()
    }

    /// Sleeps before the next attempt of a query, or throws when the attempts are used up.
    private func retryOrThrow(_ error: BinanceError, attempt: Int, path: String) async throws {
        guard attempt < options.retry.maxAttempts else { throw BinanceOrderError(error) }
        let delay = options.retry.delay(beforeRetry: attempt)
        logger.warning("Binance request failed; retrying",
                       metadata: ["path": "\(path)", "attempt": "\(attempt)", "delay": "\(delay)",
                                  "error": "\(error)"])
        try await rest.clock.sleep(delay)
    }

    /// The request with `recvWindow`, a fresh `timestamp` and the `signature` over exactly the text sent.
    private func signedRequest(
        _ method: HTTPMethod, _ path: String, _ parameters: [(String, String)], credentials: BinanceCredentials
    ) -> HTTPClientRequest {
        let all = parameters + [("recvWindow", String(options.recvWindow)), ("timestamp", String(rest.estimatedServerTime))]
        let payload = all.map { "\($0)=\(BinanceRESTClient.percentEncoded($1))" }.joined(separator: "&")
        let signed = payload + "&signature=" + credentials.signature(for: payload)
        var request: HTTPClientRequest
        if method == .GET {
            request = HTTPClientRequest(url: baseURL + path + "?" + signed)
        } else {
            request = HTTPClientRequest(url: baseURL + path)
            request.method = method
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: signed))
        }
        request.headers.add(name: "X-MBX-APIKEY", value: credentials.apiKey)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "draizer")
        return request
    }

    private struct Response: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    private func perform(_ request: HTTPClientRequest, path: String) async throws -> Response {
        let http = self.http, timeout = options.requestTimeout
        do {
            return try await withRealTimeout(timeout) {
                let response = try await http.execute(request, timeout: .milliseconds(timeout.wholeMilliseconds))
                let body = try await response.body.collect(upTo: 4 << 20)
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

    private func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try BinanceDecoding.decode(T.self, from: data, path: path)
        } catch {
            throw BinanceOrderError.unavailable(error)
        }
    }
}
