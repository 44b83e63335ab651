// A native WebSocket client harness for the stream fan-out benchmark (`scripts/bench_stream.py` drives it):
// N clients subscribed to one symbol, on one event-loop thread so the server keeps the other core, each
// recording the latency from a price tick's creation (`source_time`, same machine clock) to its arrival.
// Usage: stream-bench BASE_URL ACCESS_TOKEN CLIENTS TICKS  → one JSON line with the percentiles.
import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import WebSocketKit

let arguments = CommandLine.arguments
guard arguments.count == 5, let clients = Int(arguments[3]), let ticks = Int(arguments[4]) else {
    FileHandle.standardError.write(Data("usage: stream-bench BASE_URL ACCESS_TOKEN CLIENTS TICKS\n".utf8))
    exit(64)
}
let base = arguments[1], token = arguments[2]
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let http = HTTPClient(eventLoopGroupProvider: .shared(group))

/// Latencies in milliseconds and how many price messages each client has seen, counted once every client
/// is connected: a tick's fan-out to N browsers, not the server accepting N connections at the same time.
final class Tally: Sendable {
    private let state = NIOLockedValueBox((measuring: false, latencies: [Double](), seen: [Int: Int]()))
    func start() { state.withLockedValue { $0.measuring = true } }
    func record(client: Int, latency: Double) {
        state.withLockedValue { state in
            guard state.measuring else { return }
            state.latencies.append(latency)
            state.seen[client, default: 0] += 1
        }
    }
    func completed(atLeast ticks: Int) -> Int { state.withLockedValue { $0.seen.values.filter { $0 >= ticks }.count } }
    var latencies: [Double] { state.withLockedValue { $0.latencies } }
}
let tally = Tally()
enum PriceMessage {
    /// The `source_time` of a price message, found without decoding the whole JSON.
    static func sourceTime(_ text: String) -> Double? {
        guard text.contains(#""type":"price""#), let range = text.range(of: #""source_time":"#) else { return nil }
        return Double(text[range.upperBound...].prefix { $0.isNumber })
    }
}

func ticket() async throws -> String {
    var request = HTTPClientRequest(url: base + "/api/v1/stream/ticket")
    request.method = .POST
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    let response = try await http.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 16)
    let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
    guard let ticket = object?["ticket"] as? String else { throw CancellationError() }
    return ticket
}

var sockets: [WebSocket] = []
for index in 0..<clients {
    let url = base.replacingOccurrences(of: "http", with: "ws") + "/api/v1/stream?ticket=\(try await ticket())"
    let promise = group.next().makePromise(of: WebSocket.self)
    WebSocket.connect(to: url, on: group) { socket in
        socket.onText { _, text in
            guard let sent = PriceMessage.sourceTime(text) else { return }
            tally.record(client: index, latency: Date().timeIntervalSince1970 * 1000 - sent)
        }
        promise.succeed(socket)
    }.whenFailure { promise.fail($0) }
    let socket = try await promise.futureResult.get()
    try await socket.send(#"{"type": "subscribe", "symbols": ["BTCUSDT"]}"#)
    sockets.append(socket)
}
tally.start()
let deadline = Date().addingTimeInterval(Double(30 + 6 * ticks))
while tally.completed(atLeast: ticks) < clients, Date() < deadline {
    try await Task.sleep(for: .milliseconds(100))
}
for socket in sockets { try? await socket.close() }
let sorted = tally.latencies.sorted()
func percentile(_ q: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))] }
print(String(format: #"{"clients": %d, "deliveries": %d, "complete_clients": %d, "p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}"#,
             clients, sorted.count, tally.completed(atLeast: ticks), percentile(0.5), percentile(0.99), sorted.last ?? .nan))
try await http.shutdown()
try await group.shutdownGracefully()
