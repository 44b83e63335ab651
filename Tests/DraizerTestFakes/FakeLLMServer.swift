import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A fake OpenAI-compatible API on 127.0.0.1 (a free port) that speaks real HTTP: it answers
/// `POST /chat/completions` with scripted replies, in order, and `GET /models` with a scripted list, and it
/// records every request it receives so tests can read the prompts.
///
/// Unscripted requests get a loud 500 so a test that forgot a reply fails visibly.
public actor FakeLLMServer {
    public struct Reply: Sendable {
        public var status: Int
        public var body: String
        /// Waited before answering: a slow provider.
        public var delay: Duration = .zero
        /// Closes the connection without answering: a network failure.
        public var dropsConnection = false

        public init(status: Int, body: String, delay: Duration = .zero, dropsConnection: Bool = false) {
            self.status = status
            self.body = body
            self.delay = delay
            self.dropsConnection = dropsConnection
        }
    }

    public struct Received: Sendable {
        public let method: String
        public let path: String
        public let headers: [String: String]
        public let body: String

        /// The body as the chat request the engine sent.
        public var chat: RecordedChatRequest {
            try! JSONDecoder().decode(RecordedChatRequest.self, from: Data(body.utf8))
        }
    }

    public nonisolated let port: Int
    public nonisolated var baseURL: String { "http://127.0.0.1:\(port)" }
    private var chatReplies: [Reply] = []
    private var modelsReply: Reply?
    public private(set) var received: [Received] = []
    /// Answers chat requests once the queue is empty (a benchmark's endless stream of cycles).
    private var fallbackReply: Reply?

    private init(port: Int) { self.port = port }

    /// Replies to the next chat requests, in order.
    public func enqueue(_ replies: Reply...) { chatReplies.append(contentsOf: replies) }

    public func setModels(_ reply: Reply) { modelsReply = reply }

    /// The reply to every chat request beyond the queued ones.
    public func setFallback(_ reply: Reply?) { fallbackReply = reply }

    /// How many chat requests arrived.
    public var chatRequestCount: Int { received.filter { $0.path.hasSuffix("/chat/completions") }.count }

    /// The chat requests received so far.
    public var chatRequests: [RecordedChatRequest] {
        received.filter { $0.path.hasSuffix("/chat/completions") }.map(\.chat)
    }

    private func reply(to request: Received) -> Reply {
        received.append(request)
        if request.method == "GET", request.path.hasSuffix("/models") {
            return modelsReply ?? Reply(status: 404, body: #"{"error":{"message":"no models scripted"}}"#)
        }
        if request.method == "POST", request.path.hasSuffix("/chat/completions") {
            if !chatReplies.isEmpty { return chatReplies.removeFirst() }
            if let fallbackReply { return fallbackReply }
        }
        return Reply(status: 500, body: #"{"error":{"message":"fake server: no reply scripted for this request"}}"#)
    }

    /// Starts a server, runs `body` with it, and shuts it down, whatever `body` does.
    public static func with<T: Sendable>(_ body: (FakeLLMServer) async throws -> T) async throws -> T {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let server = FakeLLMServer(port: listener.channel.localAddress!.port!)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listener.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { connectionGroup in
                        for try await connection in connections {
                            connectionGroup.addTask { await server.serve(connection) }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body(server)
        }
    }

    private nonisolated func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        // Errors here are the client hanging up (a timeout test) or the test ending: nothing to report.
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { return }
                    var headers: [String: String] = [:]
                    for (name, value) in head.headers { headers[name.lowercased()] = value }
                    let request = Received(
                        method: head.method.rawValue, path: head.uri, headers: headers,
                        body: String(buffer: body))
                    let reply = await self.reply(to: request)
                    if reply.delay > .zero { try await Task.sleep(for: reply.delay) }
                    if reply.dropsConnection { return }
                    let bytes = ByteBuffer(string: reply.body)
                    var responseHeaders = HTTPHeaders()
                    responseHeaders.add(name: "Content-Type", value: "application/json")
                    responseHeaders.add(name: "Content-Length", value: "\(bytes.readableBytes)")
                    try await outbound.write(.head(HTTPResponseHead(
                        version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status),
                        headers: responseHeaders)))
                    try await outbound.write(.body(.byteBuffer(bytes)))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }
}

/// A chat-completions request as the fake server received it.
public struct RecordedChatRequest: Decodable, Sendable {
    public struct Message: Decodable, Sendable {
        public let role: String
        public let content: String
    }

    public struct TypeField: Decodable, Sendable {
        public let type: String
    }

    public let model: String
    public let messages: [Message]
    public let responseFormat: TypeField?
    public let thinking: TypeField?
    public let reasoningEffort: String?
    public let temperature: Double?
    public let maxTokens: Int?
    public let stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model, messages, thinking, temperature, stream
        case responseFormat = "response_format"
        case reasoningEffort = "reasoning_effort"
        case maxTokens = "max_tokens"
    }

    public var system: String { messages.first { $0.role == "system" }?.content ?? "" }
    public var user: String { messages.first { $0.role == "user" }?.content ?? "" }
}
