import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOPosix
import Testing
import WebSocketKit

/// Messages a WebSocket client received, for assertions.
private actor Inbox {
    private(set) var messages: [[String: Any]] = []
    func append(_ text: String) {
        if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] { messages.append(object) }
    }
    func count(of type: String) -> Int { messages.filter { $0["type"] as? String == type }.count }
}

/// Browser streams against the real server process over real WebSockets.
@Suite("The stream endpoint")
struct StreamTests {
    /// A new account's access token.
    private func register(_ server: ServerProcess, _ name: String) async throws -> String {
        let (status, body) = try await server.post("api/v1/auth/register", [
            "email": "\(name)@example.com", "username": name, "password": "correct-Horse-battery-9"])
        try #require(status == 201, "register: \(body)")
        return try #require(body["access_token"] as? String)
    }

    private func ticket(_ server: ServerProcess, token: String) async throws -> String {
        let (status, body) = try await server.post("api/v1/stream/ticket", [:], token: token)
        try #require(status == 200, "ticket: \(status) \(body)")
        return try #require(body["ticket"] as? String)
    }

    private func connect(_ server: ServerProcess, ticket: String, inbox: Inbox) async throws -> WebSocket {
        let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: WebSocket.self)
        WebSocket.connect(to: "ws://127.0.0.1:\(server.port)/api/v1/stream?ticket=\(ticket)",
                          on: MultiThreadedEventLoopGroup.singleton) { socket in
            socket.onText { _, text in Task { await inbox.append(text) } }
            promise.succeed(socket)
        }.whenFailure { promise.fail($0) }
        return try await promise.futureResult.get()
    }

    /// Polls the server's `draizer_websocket_clients` gauge for up to 30 seconds until it reads `count`.
    private func streamClients(_ server: ServerProcess, reach count: Int) async throws -> Bool {
        for _ in 0..<300 {
            if try await server.metric("draizer_websocket_clients") == Double(count) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    private func waitFor(_ inbox: Inbox, _ type: String, count: Int = 1) async throws {
        for _ in 0..<200 where await inbox.count(of: type) < count { try await Task.sleep(for: .milliseconds(100)) }
    }

    @Test func clientsGetPricesOfTheirSymbolsAndTheirOwnTradesOnly() async throws {
        let server = try await ServerProcess(environment: ["MFA_REQUIRED": "false"])
        defer { server.stop() }
        var tokens: [String] = []
        for name in ["ada", "bob"] { tokens.append(try await register(server, name)) }
        let inboxes = [Inbox(), Inbox(), Inbox()]
        // Ada watches on two tabs, Bob on one.
        let owners = [0, 0, 1]
        var sockets: [WebSocket] = []
        for (index, owner) in owners.enumerated() {
            let socket = try await connect(server, ticket: try await ticket(server, token: tokens[owner]), inbox: inboxes[index])
            try await socket.send(#"{"type": "subscribe", "symbols": ["BTCUSDT"]}"#)
            sockets.append(socket)
        }
        for inbox in inboxes {
            try await waitFor(inbox, "subscribed")
            #expect(await inbox.count(of: "subscribed") == 1)
        }
        // The simulated market moves every few seconds: every subscriber sees it.
        for inbox in inboxes {
            try await waitFor(inbox, "price")
            #expect(await inbox.count(of: "price") >= 1)
        }
        let (status, _) = try await server.post("api/v1/trading/orders",
                                                ["side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"], token: tokens[0])
        #expect(status == 201)
        try await waitFor(inboxes[0], "trade")
        try await waitFor(inboxes[1], "trade")
        #expect(await inboxes[0].count(of: "trade") == 1)
        #expect(await inboxes[1].count(of: "trade") == 1)
        #expect(await inboxes[2].count(of: "trade") == 0, "Bob never sees Ada's trades")

        let (analyzed, decision) = try await server.post("api/v1/ai/analyze", ["execute": false], token: tokens[0])
        #expect(analyzed == 201, "analyze: \(decision)")
        try await waitFor(inboxes[0], "decision")
        #expect(await inboxes[0].count(of: "decision") == 1)
        #expect(await inboxes[2].count(of: "decision") == 0, "Bob never sees Ada's decisions")

        try await sockets[2].send(#"{"type": "subscribe", "symbols": ["NOPEUSDT"]}"#)
        try await waitFor(inboxes[2], "error")
        #expect(await inboxes[2].count(of: "error") == 1)
        for socket in sockets { try await socket.close() }
    }

    @Test func aTicketOpensOneStreamAndNothingElseDoes() async throws {
        let server = try await ServerProcess(environment: ["MFA_REQUIRED": "false"])
        defer { server.stop() }
        let token = try await register(server, "ada")
        let ticket = try await ticket(server, token: token)
        let socket = try await connect(server, ticket: ticket, inbox: Inbox())
        // The same ticket again, no ticket, or an access token instead: the upgrade is refused.
        for query in ["ticket=\(ticket)", "", "ticket=\(token)"] {
            await #expect(throws: (any Error).self, "\(query)") {
                _ = try await WebSocket.connect(to: "ws://127.0.0.1:\(server.port)/api/v1/stream?\(query)",
                                                on: MultiThreadedEventLoopGroup.singleton) { _ in }.get()
            }
        }
        // A fresh ticket on a plain request (no upgrade) is a 426, and the ticket is not spent by it.
        let fresh = try await self.ticket(server, token: token)
        let (_, plain) = try await URLSession.shared.data(from: URL(string: "\(server.base)/api/v1/stream?ticket=\(fresh)")!)
        #expect((plain as? HTTPURLResponse)?.statusCode == 426)
        let second = try await connect(server, ticket: fresh, inbox: Inbox())
        try await second.close()
        try await socket.close()
    }

    /// A browser tab that stops reading while the server keeps writing to it (here: answers to its pings,
    /// which the server must send): the next broadcast finds its socket backed up and cuts it off, and the
    /// other clients keep getting prices.
    @Test func aClientThatStopsReadingIsCutOffAndOthersKeepTheirPrices() async throws {
        let server = try await ServerProcess(environment: ["MFA_REQUIRED": "false"])
        defer { server.stop() }
        let token = try await register(server, "ada")
        let inbox = Inbox()
        let reader = try await connect(server, ticket: try await ticket(server, token: token), inbox: inbox)
        try await reader.send(#"{"type": "subscribe", "symbols": ["BTCUSDT"]}"#)
        try await waitFor(inbox, "subscribed")

        let stalled = try StalledClient(port: server.port, ticket: try await ticket(server, token: token))
        defer { stalled.close() }
        stalled.sendFrame(opcode: 0x1, Array(#"{"type": "subscribe", "symbols": ["BTCUSDT"]}"#.utf8))
        // 8 MiB of pings: their pongs exceed what the kernel buffers for a socket (4 MiB here) plus NIO's
        // 64 KiB high-water mark.
        let ping = StalledClient.frame(opcode: 0x9, [UInt8](repeating: 0x2A, count: 125))
        let pings = 65_536
        stalled.write((0..<pings).flatMap { _ in ping })

        // Two broadcasts later (the simulated market ticks every 5 s)…
        let before = await inbox.count(of: "price")
        try await waitFor(inbox, "price", count: before + 2)
        #expect(await inbox.count(of: "price") >= before + 2, "the reading client keeps getting prices")
        // …the server has let the stalled client go (on a loaded machine the pings may still have been on
        // their way in at the first broadcasts, so its count of stream clients is what is waited for)…
        #expect(try await streamClients(server, reach: 1), "the server dropped the stalled client")
        // …having closed its socket and dropped what it still held for it: reading it now ends, with less
        // than all the pongs, instead of receiving them all and waiting for more.
        let (ended, bytes) = stalled.readToEnd(waitingAtMost: 3)
        #expect(ended, "the server cut the stalled client off")
        #expect(bytes < pings * 127, "the server stopped buffering for it (\(bytes) bytes arrived)")
        try await reader.close()
    }
}

/// A WebSocket client on a plain blocking socket with a small receive buffer, that reads only when told to.
private final class StalledClient {
    private let fd: Int32

    init(port: Int, ticket: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var small: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        write(Array(("GET /api/v1/stream?ticket=\(ticket) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !(head.count >= 4 && Array(head.suffix(4)) == [13, 10, 13, 10]) {
            guard Glibc.read(fd, &byte, 1) == 1 else { throw POSIXError(.ECONNRESET) }
            head.append(byte)
        }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else { throw POSIXError(.EPROTO) }
    }

    /// A client frame: masked, as clients must (with a zero key, so the payload reads as is).
    static func frame(opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
        precondition(payload.count < 126)
        return [0x80 | opcode, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload
    }

    func sendFrame(opcode: UInt8, _ payload: [UInt8]) { write(Self.frame(opcode: opcode, payload)) }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Reads until the server's end of the connection; `ended` is false when nothing arrived for `seconds`.
    func readToEnd(waitingAtMost seconds: Int) -> (ended: Bool, bytes: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var bytes = 0
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count > 0 { bytes += count; continue }
            return (count == 0 || errno == ECONNRESET, bytes)
        }
    }

    func close() { _ = Glibc.close(fd) }
}
