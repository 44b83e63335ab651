import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization
import WebSocketKit

/// A fake Binance on 127.0.0.1 (a free port) that speaks the real REST and WebSocket formats over real
/// HTTP and WebSocket, so the production clients run unchanged against it. Tests script its data and
/// inject faults: delays, 429/418 with `Retry-After`, 5xx, malformed JSON, dropped connections, silent or
/// closed streams, missing candles and pings. The signed endpoints (orders, account) are served by
/// `exchange`, which checks keys, signatures and timestamps the way Binance does.
public final class FakeBinanceServer: Sendable {
    /// What the next request to a path gets instead of (or before) its normal answer.
    public enum Fault: Sendable {
        case status(Int, retryAfter: Int? = nil, body: String = #"{"code":-1003,"msg":"Too much request weight used."}"#)
        /// Waits this long (real time) before the normal answer.
        case delay(Duration)
        /// Answers 200 with this body.
        case body(String)
        /// Closes the connection without answering.
        case disconnect
        /// Handles the request as usual (an order is placed) but closes the connection instead of answering.
        case dropAnswer
    }

    public struct Request: Sendable {
        public let method: String
        public let path: String
        public let query: [String: String]
        /// The raw body and, for a form body, its decoded parameters.
        public let body: String
        public let form: [String: String]
        /// The `X-MBX-APIKEY` header.
        public let apiKey: String?

        public init(method: String = "GET", path: String, query: [String: String], body: String = "",
             form: [String: String] = [:], apiKey: String? = nil) {
            self.method = method
            self.path = path
            self.query = query
            self.body = body
            self.form = form
            self.apiKey = apiKey
        }
    }

    /// Accounts, markets and orders behind the signed endpoints.
    public let exchange = FakeBinanceExchange()

    private struct State {
        /// Fixed server time; nil means the real time plus `clockSkew`.
        var serverTime: Int64?
        var clockSkew: Int64 = 0
        var usedWeight = 0
        var exchangeInfo = FakeBinanceFixtures.exchangeInfo
        var prices: [String: String] = [:]
        var tickers: [String: String] = [:]
        var klines: [String: [FakeKline]] = [:]
        var faults: [String: [Fault]] = [:]
        public var requests: [Request] = []
        public var sockets: [FakeStreamSocket] = []
        var refusedUpgrades = 0
        var hangUps = 0
        var pingInterval: TimeAmount?
    }

    private let state = Mutex(State())
    private let listener = Mutex<(any Channel)?>(nil)

    private init() {}

    /// Starts a server, runs `body` with it and shuts it down, whatever `body` does.
    public static func with<T>(_ body: (FakeBinanceServer) async throws -> T) async throws -> T {
        let server = FakeBinanceServer()
        try await server.start()
        do {
            let result = try await body(server)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }

    public var port: Int { listener.withLock { $0?.localAddress?.port ?? 0 } }
    public var restURL: String { "http://127.0.0.1:\(port)" }
    public var streamURL: String { "ws://127.0.0.1:\(port)" }

    // MARK: - Scripting

    public func setServerTime(_ time: Int64?) { state.withLock { $0.serverTime = time } }
    public func setClockSkew(_ milliseconds: Int64) { state.withLock { $0.clockSkew = milliseconds } }
    public func setUsedWeight(_ weight: Int) { state.withLock { $0.usedWeight = weight } }
    public func setExchangeInfo(_ json: String) { state.withLock { $0.exchangeInfo = json } }
    public func setPrice(_ symbol: String, _ price: String) { state.withLock { $0.prices[symbol] = price } }
    public func setTicker(_ symbol: String, _ json: String) { state.withLock { $0.tickers[symbol] = json } }
    public func setKlines(_ symbol: String, _ rows: [FakeKline]) { state.withLock { $0.klines[symbol] = rows } }
    /// Bars of another interval than 1m (`15m`, `4h`…), served for that interval only.
    public func setKlines(_ symbol: String, interval: String, _ rows: [FakeKline]) {
        state.withLock { $0.klines["\(symbol)|\(interval)"] = rows }
    }
    public func refuseNextUpgrades(_ count: Int) { state.withLock { $0.refusedUpgrades = count } }
    /// The next `count` stream connections are accepted and closed at once.
    public func hangUpNextStreams(_ count: Int) { state.withLock { $0.hangUps = count } }
    /// Pings every stream connection at this interval, as Binance does (every 20 seconds): a client whose
    /// silence limit outlasts the interval then never sees the stream as idle, however slow a test runs.
    public func pingStreams(every interval: TimeAmount) { state.withLock { $0.pingInterval = interval } }

    /// Binance's clock as this fake runs it: the fixed server time, or the real time plus the skew.
    public var now: Int64 { state.withLock { Self.now($0) } }

    private static func now(_ state: State) -> Int64 {
        state.serverTime ?? Int64(Date().timeIntervalSince1970 * 1000) + state.clockSkew
    }

    /// Queues faults for the next requests to `path`, in order. `path` may start with a method
    /// (`"POST /api/v3/order"`) to hit only that method; such faults are served before method-less ones.
    public func inject(_ faults: Fault..., on path: String) {
        state.withLock { $0.faults[path, default: []].append(contentsOf: faults) }
    }

    public var requests: [Request] { state.withLock { $0.requests } }
    public func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    /// Stream connections accepted so far, oldest first.
    public var sockets: [FakeStreamSocket] { state.withLock { $0.sockets } }

    /// Waits (real time, bounded) for the `count`-th stream connection.
    public func socket(_ number: Int, timeout: Duration = .seconds(10)) async throws -> FakeStreamSocket {
        _ = try await eventually(timeout: timeout) { self.sockets.count >= number }
        let sockets = self.sockets
        guard sockets.count >= number else { throw FakeServerError("no stream connection #\(number)") }
        return sockets[number - 1]
    }

    public struct FakeServerError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    // MARK: - Lifecycle

    private func start() async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = FakeHTTPHandler(server: self)
                    let upgrader = NIOWebSocketServerUpgrader(
                        maxFrameSize: 1 << 20,
                        shouldUpgrade: { channel, head in
                            channel.eventLoop.makeSucceededFuture(self.acceptsUpgrade(head) ? HTTPHeaders() : nil)
                        },
                        upgradePipelineHandler: { channel, head in
                            WebSocket.server(on: channel) { socket in self.accepted(socket, uri: head.uri) }
                        })
                    let handlerBox = NIOLoopBound(handler, eventLoop: channel.eventLoop)
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                            // After the upgrade, frames must not reach the HTTP handler.
                            context.pipeline.syncOperations.removeHandler(handlerBox.value, promise: nil)
                        }))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        listener.withLock { $0 = channel }
    }

    private func shutdown() async {
        for socket in sockets { await socket.close() }
        let channel = listener.withLock { $0 }
        try? await channel?.close()
    }

    // MARK: - Serving

    private func acceptsUpgrade(_ head: HTTPRequestHead) -> Bool {
        state.withLock { state in
            guard state.refusedUpgrades == 0 else {
                state.refusedUpgrades -= 1
                return false
            }
            return head.uri.hasPrefix("/stream") || head.uri.hasPrefix("/ws")
        }
    }

    private func accepted(_ socket: WebSocket, uri: String) {
        let fake = FakeStreamSocket(socket: socket, uri: uri)
        let (hangUp, pingInterval) = state.withLock { state -> (Bool, TimeAmount?) in
            state.sockets.append(fake)
            guard state.hangUps > 0 else { return (false, state.pingInterval) }
            state.hangUps -= 1
            return (true, state.pingInterval)
        }
        if let pingInterval { socket.pingInterval = pingInterval }
        if hangUp { socket.close(code: .goingAway, promise: nil) }
    }

    enum Reply {
        case respond(status: Int, headers: [(String, String)], body: String, delay: Duration?)
        case disconnect
    }

    fileprivate func reply(to head: HTTPRequestHead, body: String) -> Reply {
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        let path = String(parts[0])
        let rawQuery = parts.count > 1 ? String(parts[1]) : ""
        let query = Self.formParameters(rawQuery)
        let isForm = head.headers.first(name: "Content-Type")?.hasPrefix("application/x-www-form-urlencoded") ?? false
        let form = isForm ? Self.formParameters(body) : [:]
        let method = head.method.rawValue
        let apiKey = head.headers.first(name: "X-MBX-APIKEY")
        return state.withLock { state -> Reply in
            state.requests.append(Request(method: method, path: path, query: query, body: body, form: form,
                                          apiKey: apiKey))
            state.usedWeight += Self.weight(path: path, query: query)
            var headers = [("X-MBX-USED-WEIGHT-1M", "\(state.usedWeight)")]
            var delay: Duration?
            var dropAnswer = false
            let faultKey = state.faults["\(method) \(path)"]?.isEmpty == false ? "\(method) \(path)" : path
            if var queue = state.faults[faultKey], !queue.isEmpty {
                let fault = queue.removeFirst()
                state.faults[faultKey] = queue
                switch fault {
                case .status(let status, let retryAfter, let body):
                    if let retryAfter { headers.append(("Retry-After", "\(retryAfter)")) }
                    return .respond(status: status, headers: headers, body: body, delay: nil)
                case .body(let body):
                    return .respond(status: 200, headers: headers, body: body, delay: nil)
                case .disconnect:
                    return .disconnect
                case .dropAnswer:
                    dropAnswer = true
                case .delay(let duration):
                    delay = duration
                }
            }
            let (status, answer) = exchange.answer(
                method: method, path: path, rawQuery: rawQuery, body: isForm ? body : "", apiKey: apiKey,
                serverTime: Self.now(state)
            ) ?? Self.answer(path: path, query: query, state: state)
            if dropAnswer { return .disconnect }
            return .respond(status: status, headers: headers, body: answer, delay: delay)
        }
    }

    /// `a=1&b=x%20y` as a dictionary, percent-decoded.
    public static func formParameters(_ text: String) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            let value = kv.count > 1 ? String(kv[1]).removingPercentEncoding ?? String(kv[1]) : ""
            parameters[String(kv[0])] = value
        }
        return parameters
    }

    private static func weight(path: String, query: [String: String]) -> Int {
        switch path {
        case "/api/v3/exchangeInfo", "/api/v3/account": 20
        case "/api/v3/myTrades": 5
        case "/api/v3/klines", "/api/v3/ticker/price", "/api/v3/ticker/24hr": 2
        default: 1
        }
    }

    private static let invalidSymbol = #"{"code":-1121,"msg":"Invalid symbol."}"#

    private static func answer(path: String, query: [String: String], state: State) -> (Int, String) {
        switch path {
        case "/api/v3/ping":
            return (200, "{}")
        case "/api/v3/time":
            return (200, #"{"serverTime":\#(now(state))}"#)
        case "/api/v3/exchangeInfo":
            return (200, state.exchangeInfo)
        case "/api/v3/ticker/price":
            guard let symbol = query["symbol"], let price = state.prices[symbol] else { return (400, invalidSymbol) }
            return (200, #"{"symbol":"\#(symbol)","price":"\#(price)"}"#)
        case "/api/v3/ticker/24hr":
            guard let symbol = query["symbol"], let ticker = state.tickers[symbol] else { return (400, invalidSymbol) }
            return (200, ticker)
        case "/api/v3/klines":
            guard let symbol = query["symbol"], state.klines[symbol] != nil else { return (400, invalidSymbol) }
            let interval = query["interval"] ?? ""
            guard let rows = interval == "1m" ? state.klines[symbol] : state.klines["\(symbol)|\(interval)"] else {
                return (400, #"{"code":-1120,"msg":"Invalid interval."}"#)
            }
            let start = query["startTime"].flatMap { Int64($0) } ?? .min
            let end = query["endTime"].flatMap { Int64($0) } ?? .max
            let limit = min(query["limit"].flatMap { Int($0) } ?? 500, 1000)
            let window = rows.filter { $0.openTime >= start && $0.openTime <= end }
            let page = query["startTime"] != nil ? Array(window.prefix(limit)) : Array(window.suffix(limit))
            return (200, "[" + page.map(\.restRow).joined(separator: ",") + "]")
        default:
            return (404, #"{"code":-1000,"msg":"Unknown path \#(path)"}"#)
        }
    }
}

/// The server side of one stream connection.
public final class FakeStreamSocket: Sendable {
    public let socket: WebSocket
    /// The request URI, e.g. `/stream?streams=btcusdt@kline_1m/btcusdt@miniTicker`.
    public let uri: String
    private let pongs = Locked<[String]>([])

    init(socket: WebSocket, uri: String) {
        self.socket = socket
        self.uri = uri
        let pongs = self.pongs
        socket.onPong { _, buffer in
            pongs.withLock { $0.append(String(buffer: buffer)) }
        }
    }

    /// Payloads of the pongs the client sent back.
    public var receivedPongs: [String] { pongs.value }

    public func send(_ text: String) async throws { try await socket.send(text) }

    public func ping(_ payload: String) async throws { try await socket.sendPing(Data(payload.utf8)) }

    public func close() async { try? await socket.close(code: .goingAway) }

    public var isClosed: Bool { socket.isClosed }
}

private final class FakeHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: FakeBinanceServer
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(server: FakeBinanceServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            switch server.reply(to: head, body: String(buffer: body)) {
            case .disconnect:
                context.close(promise: nil)
            case .respond(let status, let headers, let body, let delay):
                if let delay {
                    context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(delay.milliseconds)) {
                        self.write(context: context, status: status, headers: headers, body: body)
                    }
                } else {
                    write(context: context, status: status, headers: headers, body: body)
                }
            }
        }
    }

    private func write(context: ChannelHandlerContext, status: Int, headers: [(String, String)], body: String) {
        guard context.channel.isActive else { return }
        var responseHeaders = HTTPHeaders(headers)
        responseHeaders.add(name: "Content-Type", value: "application/json;charset=UTF-8")
        responseHeaders.add(name: "Content-Length", value: "\(body.utf8.count)")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status),
                                    headers: responseHeaders)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

/// A kline (1m unless told) the fake serves over REST and can push over the stream.
public struct FakeKline: Sendable {
    public let openTime: Int64
    public let open: String, high: String, low: String, close: String, volume: String
    /// The bar's length in milliseconds.
    public let length: Int64

    public init(openTime: Int64, open: String, high: String, low: String, close: String, volume: String, length: Int64 = 60_000) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.length = length
    }

    public var closeTime: Int64 { openTime + length - 1 }

    /// A plausible bar around `close`.
    public static func minute(_ openTime: Int64, close: Int) -> FakeKline {
        FakeKline(openTime: openTime, open: "\(close - 1).50000000", high: "\(close + 2).00000000",
                  low: "\(close - 3).00000000", close: "\(close).00000000", volume: "12.34500000")
    }

    /// The REST `/api/v3/klines` row.
    public var restRow: String {
        #"[\#(openTime),"\#(open)","\#(high)","\#(low)","\#(close)","\#(volume)",\#(closeTime),"# +
            #""1000.00000000",42,"6.00000000","500.00000000","0"]"#
    }

    /// The combined-stream kline message.
    public func streamMessage(symbol: String = "BTCUSDT", closed: Bool, eventTime: Int64? = nil) -> String {
        let lower = symbol.lowercased()
        return #"{"stream":"\#(lower)@kline_1m","data":{"e":"kline","E":\#(eventTime ?? closeTime + 1),"# +
            #""s":"\#(symbol)","k":{"t":\#(openTime),"T":\#(closeTime),"s":"\#(symbol)","i":"1m","f":100,"# +
            #""L":200,"o":"\#(open)","c":"\#(close)","h":"\#(high)","l":"\#(low)","v":"\#(volume)","n":100,"# +
            #""x":\#(closed),"q":"1.0000","V":"500","Q":"0.500","B":"123456"}}}"#
    }
}

/// A combined-stream miniTicker message.
public func miniTickerMessage(symbol: String = "BTCUSDT", close: String, eventTime: Int64) -> String {
    #"{"stream":"\#(symbol.lowercased())@miniTicker","data":{"e":"24hrMiniTicker","E":\#(eventTime),"# +
        #""s":"\#(symbol)","c":"\#(close)","o":"0.0010","h":"99999.0","l":"0.0010","v":"10000","q":"18"}}"#
}
