import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What one HTTP exchange with the provider came to, before any retry decision.
enum ChatTransportError: Error, Sendable {
    /// A non-2xx status, with the provider's error message and code when the body had them.
    case status(Int, message: String, code: String?)
    case timeout
    case network(String)
    /// A 2xx body that does not decode.
    case undecodable(String)

    /// Worth repeating: rate limiting, provider trouble, timeouts and dropped connections.
    var isRetryable: Bool {
        switch self {
        case .status(let status, _, _): status == 408 || status == 429 || status >= 500
        case .timeout, .network: true
        case .undecodable: false
        }
    }
}

/// One request to an OpenAI-compatible API over AsyncHTTPClient, no retries (the engine decides those).
struct ChatCompletionsClient: Sendable {
    let httpClient: HTTPClient
    let baseURL: String
    let apiKey: String

    /// Bodies above this are not a chat completion we asked for.
    private static let maxBodyBytes = 8 << 20

    func complete(_ body: ChatRequest, timeout: Duration) async throws(ChatTransportError) -> ChatResponse {
        let payload: Data
        do { payload = try JSONEncoder().encode(body) } catch {
            preconditionFailure("a chat request always encodes: \(error)")
        }
        var request = HTTPClientRequest(url: baseURL + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: payload))
        let data = try await send(request, timeout: timeout)
        do {
            return try JSONDecoder().decode(ChatResponse.self, from: data)
        } catch {
            throw .undecodable("\(error)")
        }
    }

    func listModels(timeout: Duration) async throws(ChatTransportError) -> [String] {
        var request = HTTPClientRequest(url: baseURL + "/models")
        request.method = .GET
        let data = try await send(request, timeout: timeout)
        do {
            return try JSONDecoder().decode(ModelList.self, from: data).data.map(\.id)
        } catch {
            throw .undecodable("\(error)")
        }
    }

    private func send(_ request: HTTPClientRequest, timeout: Duration) async throws(ChatTransportError) -> Data {
        var request = request
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "draizer")
        let status: Int
        let buffer: ByteBuffer
        do {
            let deadline = NIODeadline.now() + TimeAmount(timeout)
            let response = try await httpClient.execute(request, deadline: deadline)
            status = Int(response.status.code)
            buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
        } catch let error as HTTPClientError
            where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        {
            throw .timeout
        } catch {
            throw .network(String(describing: error))
        }
        // A busy DeepSeek sends blank keep-alive lines before the JSON; JSONDecoder skips that whitespace.
        let data = Data(buffer.readableBytesView)
        guard (200..<300).contains(status) else {
            let detail = try? JSONDecoder().decode(APIErrorBody.self, from: data).error
            let message = detail?.message ?? String(decoding: data.prefix(500), as: UTF8.self)
            throw .status(status, message: message, code: detail?.code)
        }
        return data
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
