import DraizerCore
import DraizerMarket
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Live updates for browsers: market events fan out to the clients subscribed to their symbol, a user's
/// own events (trades) to that user's clients. Every message is encoded once, however many receive it.
/// A client that falls behind (too many sends not yet written to its socket) is disconnected rather than
/// allowed to slow the hub; dead connections are found by WebSocket pings.
actor StreamHub {
    struct Client {
        let socket: WebSocket
        let userID: UUID
        var symbols: Set<Symbol> = []
        let backlog = Backlog()
    }

    /// How far a client's socket is behind: sends numbered as the hub hands them over, and the highest
    /// number known written. Only every `confirmEvery`-th send carries a promise (writes complete in order,
    /// so one confirmation covers the sends before it): a promise per send per client was a large part of
    /// a broadcast's cost.
    final class Backlog: Sendable {
        private let counts = NIOLockedValueBox((sent: 0, written: 0))

        var pending: Int { counts.withLockedValue { $0.sent - $0.written } }

        /// The number of the next send.
        func next() -> Int { counts.withLockedValue { $0.sent += 1; return $0.sent } }

        func written(through number: Int) { counts.withLockedValue { $0.written = max($0.written, number) } }
    }

    /// Sends queued to one client before it counts as too slow.
    static let maxPendingSends = 256
    static let confirmEvery = 16
    private var clients: [UUID: Client] = [:]
    /// Open streams per user (changed only with `clients`, by `add` and `drop`), so a trade can ask cheaply
    /// whether anyone watches.
    private var watchers: [UUID: Int] = [:]
    private var usedTickets: [String: Date] = [:]

    var clientCount: Int { clients.count }

    /// A stream ticket works once: a copied URL cannot open a second stream.
    func redeem(ticketID: String, expiresAt: Date, now: Date) -> Bool {
        usedTickets = usedTickets.filter { $0.value > now }
        guard usedTickets[ticketID] == nil else { return false }
        usedTickets[ticketID] = expiresAt
        return true
    }

    /// Registers a client once (later calls for the same id change nothing), unless its socket already closed.
    func add(_ socket: WebSocket, id: UUID, userID: UUID) {
        guard clients[id] == nil, !socket.isClosed else { return }
        clients[id] = Client(socket: socket, userID: userID)
        watchers[userID, default: 0] += 1
    }

    func remove(_ id: UUID) { drop(id) }

    private func drop(_ id: UUID) {
        guard let client = clients.removeValue(forKey: id) else { return }
        let left = (watchers[client.userID] ?? 1) - 1
        watchers[client.userID] = left > 0 ? left : nil
    }

    func setSymbols(_ symbols: Set<Symbol>, for id: UUID) { clients[id]?.symbols = symbols }

    func symbols(of id: UUID) -> Set<Symbol> { clients[id]?.symbols ?? [] }

    /// Forwards the market hub's events until the hub stops.
    func pump(from events: AsyncStream<MarketEvent>) async {
        for await event in events {
            switch event {
            case .price(let tick):
                broadcast(StreamMessage.price(tick), symbol: tick.symbol)
            case .candle(let update):
                broadcast(StreamMessage.candle(update), symbol: update.symbol)
            case .connection:
                continue
            }
        }
    }

    /// Whether the user has a stream open, so callers can skip encoding messages nobody will read.
    func isWatching(_ userID: UUID) -> Bool { watchers[userID] != nil }

    func publish(toUser userID: UUID, _ text: String) {
        deliver(text, to: clients.filter { $0.value.userID == userID }.map(\.key))
    }

    func send(_ text: String, to id: UUID) { deliver(text, to: [id]) }

    /// Sends `text` to the clients `ids`: one shared buffer (frames reference it, nothing is copied per client)
    /// and one task per event loop that writes to all of that loop's sockets, instead of a cross-thread hop
    /// per client. A client with too many sends not yet written is dropped instead.
    private func deliver(_ text: String, to ids: [UUID]) {
        var batches: [ObjectIdentifier: (loop: any EventLoop, sockets: [(WebSocket, Backlog, Int)])] = [:]
        for id in ids {
            guard let client = clients[id] else { continue }
            guard client.backlog.pending < Self.maxPendingSends else {
                drop(id)
                _ = client.socket.close(code: .policyViolation)
                continue
            }
            let loop = client.socket.eventLoop
            batches[ObjectIdentifier(loop), default: (loop, [])].sockets.append((client.socket, client.backlog, client.backlog.next()))
        }
        let buffer = ByteBuffer(string: text)
        for batch in batches.values {
            let sockets = batch.sockets
            batch.loop.execute {
                for (socket, backlog, number) in sockets {
                    guard number % Self.confirmEvery == 0 else {
                        socket.send(buffer, opcode: .text, promise: nil)
                        continue
                    }
                    let promise = socket.eventLoop.makePromise(of: Void.self)
                    promise.futureResult.whenComplete { _ in backlog.written(through: number) }
                    socket.send(buffer, opcode: .text, promise: promise)
                }
            }
        }
    }

    func closeAll() {
        for client in clients.values { _ = client.socket.close(code: .goingAway) }
        clients.removeAll()
        watchers.removeAll()
    }

    private func broadcast(_ text: String?, symbol: Symbol) {
        guard let text else { return }
        deliver(text, to: clients.filter { $0.value.symbols.contains(symbol) }.map(\.key))
    }
}
