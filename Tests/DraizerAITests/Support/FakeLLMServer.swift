import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A fake OpenAI-compatible API on 127.0.0.1 (a free port) that speaks real HTTP: it answers
/// `POST /chat/completions` with scripted replies, in order, and `GET /models` with a scripted list, and it
/// records every request it receives so tests can read the prompts.
///
/// Unscripted requests get a loud 500 so a test that forgot a reply fails visibly.
actor FakeLLMServer {
    struct Reply: Sendable {
        var status: Int
        var body: String
        /// Waited before answering: a slow provider.
        var delay: Duration = .zero
        /// Closes the connection without answering: a network failure.
        var dropsConnection = false
    }

    struct Received: Sendable {
        let method: String
        let path: String
        let headers: [String: String]
        let body: String

        /// The body as the chat request the engine sent.
        var chat: RecordedChatRequest {
            try! JSONDecoder().decode(RecordedChatRequest.self, from: Data(body.utf8))
        }
    }

    nonisolated let port: Int
    nonisolated var baseURL: String { "http://127.0.0.1:\(port)" }
    private var chatReplies: [Reply] = []
    private var modelsReply: Reply?
    private(set) var received: [Received] = []

    private init(port: Int) { self.port = port }

    /// Replies to the next chat requests, in order.
    func enqueue(_ replies: Reply...) { chatReplies.append(contentsOf: replies) }

    func setModels(_ reply: Reply) { modelsReply = reply }

    /// The chat requests received so far.
    var chatRequests: [RecordedChatRequest] {
        received.filter { $0.path.hasSuffix("/chat/completions") }.map(\.chat)
    }

    private func reply(to request: Received) -> Reply {
        received.append(request)
        if request.method == "GET", request.path.hasSuffix("/models") {
            return modelsReply ?? Reply(status: 404, body: #"{"error":{"message":"no models scripted"}}"#)
        }
        if request.method == "POST", request.path.hasSuffix("/chat/completions"), !chatReplies.isEmpty {
            return chatReplies.removeFirst()
        }
        return Reply(status: 500, body: #"{"error":{"message":"fake server: no reply scripted for this request"}}"#)
    }

    /// Starts a server, runs `body` with it, and shuts it down, whatever `body` does.
    static func with<T: Sendable>(_ body: (FakeLLMServer) async throws -> T) async throws -> T {
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
struct RecordedChatRequest: Decodable, Sendable {
    struct Message: Decodable, Sendable {
        let role: String
        let content: String
    }

    struct TypeField: Decodable, Sendable {
        let type: String
    }

    let model: String
    let messages: [Message]
    let responseFormat: TypeField?
    let thinking: TypeField?
    let reasoningEffort: String?
    let temperature: Double?
    let maxTokens: Int?
    let stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model, messages, thinking, temperature, stream
        case responseFormat = "response_format"
        case reasoningEffort = "reasoning_effort"
        case maxTokens = "max_tokens"
    }

    var system: String { messages.first { $0.role == "system" }?.content ?? "" }
    var user: String { messages.first { $0.role == "user" }?.content ?? "" }
}
