import Foundation
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

    private func waitFor(_ inbox: Inbox, _ type: String, count: Int = 1) async throws {
        for _ in 0..<200 where await inbox.count(of: type) < count { try await Task.sleep(for: .milliseconds(100)) }
    }

    @Test func clientsGetPricesOfTheirSymbolsAndTheirOwnTradesOnly() async throws {
        let server = try await ServerProcess(environment: ["MFA_REQUIRED": "false"])
        defer { server.stop() }
        var tokens: [String] = []
        for name in ["ada", "bob"] {
            let (status, body) = try await server.post("api/v1/auth/register", [
                "email": "\(name)@example.com", "username": name, "password": "correct-Horse-battery-9"])
            try #require(status == 201, "register: \(body)")
            tokens.append(try #require(body["access_token"] as? String))
        }
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
        let (_, body) = try await server.post("api/v1/auth/register", [
            "email": "ada@example.com", "username": "ada", "password": "correct-Horse-battery-9"])
        let token = try #require(body["access_token"] as? String)
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
}
