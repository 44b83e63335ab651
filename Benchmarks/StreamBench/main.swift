// The client side of the stream fan-out benchmark (`scripts/bench_stream.py` drives it): N WebSocket clients
// subscribed to one symbol, each recording the latency from a price tick's creation (`source_time`, same
// machine clock) to its arrival. Arrival is the kernel's receive stamp of the bytes (SO_TIMESTAMPNS), the
// moment they reached the client's socket: the harness reads 5,000 sockets on one thread, which browsers,
// each on its own machine, do not, so when it reads is reported separately (`read_*`). The clients share the
// machine's cores with the server, so they are made as cheap as a client can be: plain sockets on one epoll
// thread, frames parsed in place, nothing decoded but the one number measured. Latencies count once every
// client is connected: a tick's fan-out to N browsers, not the server accepting N connections at once.
// Usage: stream-bench BASE_URL ACCESS_TOKEN CLIENTS TICKS  → one JSON line with the percentiles.
import AsyncHTTPClient
import CEpoll
import Foundation
import Glibc
import NIOCore
import NIOPosix

let arguments = CommandLine.arguments
guard arguments.count == 5, let clients = Int(arguments[3]), let ticks = Int(arguments[4]),
      let baseURL = URL(string: arguments[1]), let host = baseURL.host, let port = baseURL.port
else {
    FileHandle.standardError.write(Data("usage: stream-bench http://HOST:PORT ACCESS_TOKEN CLIENTS TICKS\n".utf8))
    exit(64)
}
let token = arguments[2]
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let http = HTTPClient(eventLoopGroupProvider: .shared(group))

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("stream-bench: \(message)\n".utf8))
    exit(1)
}

func ticket() async throws -> String {
    var request = HTTPClientRequest(url: arguments[1] + "/api/v1/stream/ticket")
    request.method = .POST
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    let response = try await http.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 16)
    let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
    guard let ticket = object?["ticket"] as? String else { fail("no stream ticket: HTTP \(response.status.code)") }
    return ticket
}

/// A client frame: masked, as RFC 6455 requires of clients (a zero mask: the bytes are unchanged).
func clientFrame(opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
    precondition(payload.count < 126)
    return [0x80 | opcode, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload
}

func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EAGAIN || errno == EINTR { continue }
            fail("write: errno \(errno)")
        }
        offset += written
    }
}

/// Opens a WebSocket with a blocking handshake, subscribes it, and leaves it non-blocking.
func connectClient() async throws -> Int32 {
    let path = "/api/v1/stream?ticket=\(try await ticket())"
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { fail("connect: errno \(errno)") }
    guard cepoll_enable_timestamps(fd) == 0 else { fail("SO_TIMESTAMPNS: errno \(errno)") }
    var noDelay: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
    let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    writeAll(fd, Array(request.utf8))
    // The answer's head, byte by byte: nothing of the stream may be read past it.
    var head: [UInt8] = []
    var byte: UInt8 = 0
    while !head.ends(with: [13, 10, 13, 10]) {
        guard read(fd, &byte, 1) == 1 else { fail("the server closed the upgrade") }
        head.append(byte)
    }
    guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
        fail("upgrade refused: \(String(decoding: head, as: UTF8.self))")
    }
    writeAll(fd, clientFrame(opcode: 0x1, Array(#"{"type": "subscribe", "symbols": ["BTCUSDT"]}"#.utf8)))
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    return fd
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

func nowMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
}

let marker = Array(#""source_time":"#.utf8)
let priceType = Array(#""type":"price""#.utf8)

/// The `source_time` of a price message, read in place.
func sourceTime(_ payload: UnsafeRawBufferPointer) -> Double? {
    func find(_ needle: [UInt8], from start: Int = 0) -> Int? {
        guard payload.count >= needle.count else { return nil }
        var index = start
        while index <= payload.count - needle.count {
            if payload[index] == needle[0], zip(needle.indices, needle).allSatisfy({ payload[index + $0] == $1 }) { return index }
            index += 1
        }
        return nil
    }
    guard find(priceType) != nil, var index = find(marker).map({ $0 + marker.count }) else { return nil }
    var value = 0.0
    while index < payload.count, payload[index] >= 48, payload[index] <= 57 {
        value = value * 10 + Double(payload[index] - 48)
        index += 1
    }
    return value
}

var descriptors: [Int32] = []
for _ in 0..<clients { descriptors.append(try await connectClient()) }
try await http.shutdown().get()
try await group.shutdownGracefully()

let epoll = epoll_create1(0)
var slot: [Int32: Int] = [:]
for (index, fd) in descriptors.enumerated() {
    slot[fd] = index
    var event = epoll_event()
    event.events = UInt32(EPOLLIN.rawValue)
    event.data.fd = fd
    epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
}

var pending = [[UInt8]](repeating: [], count: clients)
var seen = [Int](repeating: 0, count: clients)
var latencies: [Double] = []
latencies.reserveCapacity(clients * ticks)
var readLatencies: [Double] = []
/// Arrival latencies per tick (by its `source_time`): a broadcast that is slow only sometimes shows here.
var perTick: [Double: [Double]] = [:]
readLatencies.reserveCapacity(clients * ticks)
var readBuffer = [UInt8](repeating: 0, count: 1 << 16)
var events = [epoll_event](repeating: epoll_event(), count: 1024)
let deadline = nowMilliseconds() + Double(30 + 6 * ticks) * 1000
var complete = 0
/// Ticks made before every client was connected waited in socket buffers: they are read and not counted.
let measuringSince = nowMilliseconds()

/// Handles the whole frames at the front of `bytes`; returns how many bytes they took.
/// `arrival` is when the bytes reached the client's socket (the kernel's stamp), `now` when this harness got
/// round to reading them.
@MainActor func consume(_ bytes: UnsafeRawBufferPointer, client: Int, fd: Int32, arrival: Double, now: Double) -> Int {
    var offset = 0
    while bytes.count - offset >= 2 {
        let opcode = bytes[offset] & 0x0F
        var length = Int(bytes[offset + 1] & 0x7F)
        var header = 2
        if length == 126 {
            guard bytes.count - offset >= 4 else { break }
            length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            header = 4
        } else if length == 127 {
            guard bytes.count - offset >= 10 else { break }
            length = (0..<8).reduce(0) { $0 << 8 | Int(bytes[offset + 2 + $1]) }
            header = 10
        }
        guard bytes.count - offset >= header + length else { break }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + header)..<(offset + header + length)])
        switch opcode {
        case 0x1:
            if let sent = sourceTime(payload), sent >= measuringSince {
                latencies.append(arrival - sent)
                perTick[sent, default: []].append(arrival - sent)
                readLatencies.append(now - sent)
                seen[client] += 1
                if seen[client] == ticks { complete += 1 }
            }
        case 0x9:
            writeAll(fd, clientFrame(opcode: 0xA, Array(payload)))
        default:
            break
        }
        offset += header + length
    }
    return offset
}

while complete < clients, nowMilliseconds() < deadline {
    let ready = epoll_wait(epoll, &events, Int32(events.count), 100)
    guard ready > 0 else { continue }
    for event in events[0..<Int(ready)] {
        let fd = withUnsafePointer(to: event) { cepoll_fd($0) }
        guard let client = slot[fd] else { continue }
        while true {
            var stamp: Int64 = 0
            let count = cepoll_read_stamped(fd, &readBuffer, readBuffer.count, &stamp)
            if count <= 0 { break }
            let now = nowMilliseconds()
            let arrival = stamp > 0 ? Double(stamp) / 1_000_000 : now
            if pending[client].isEmpty {
                let used = readBuffer.withUnsafeBytes { consume(UnsafeRawBufferPointer(rebasing: $0[0..<count]), client: client, fd: fd, arrival: arrival, now: now) }
                if used < count { pending[client] = Array(readBuffer[used..<count]) }
            } else {
                pending[client] += readBuffer[0..<count]
                let used = pending[client].withUnsafeBytes { consume($0, client: client, fd: fd, arrival: arrival, now: now) }
                pending[client].removeFirst(used)
            }
        }
    }
}
for fd in descriptors { close(fd) }
let sorted = latencies.sorted()
let sortedReads = readLatencies.sorted()
func percentile(_ values: [Double], _ q: Double) -> Double {
    values.isEmpty ? .nan : values[min(values.count - 1, Int(q * Double(values.count)))]
}
func rounded(_ value: Double) -> Double { value.isFinite ? (value * 10).rounded() / 10 : -1 }
let result: [String: Any] = [
    "clients": clients, "deliveries": sorted.count, "complete_clients": seen.filter { $0 >= ticks }.count,
    "p50_ms": rounded(percentile(sorted, 0.5)), "p99_ms": rounded(percentile(sorted, 0.99)), "max_ms": rounded(sorted.last ?? .nan),
    "read_p50_ms": rounded(percentile(sortedReads, 0.5)), "read_p99_ms": rounded(percentile(sortedReads, 0.99)),
    "tick_p99_ms": perTick.sorted { $0.key < $1.key }.map { rounded(percentile($0.value.sorted(), 0.99)) },
]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
