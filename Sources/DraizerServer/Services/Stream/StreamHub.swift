import DraizerCore
import DraizerMarket
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Live updates for browsers: market events fan out to the clients subscribed to their symbol, a user's
/// own events (trades) to that user's clients. Every message is framed once, however many receive it, and
/// handed to one `StreamOutlet` per event loop, which writes it to that loop's sockets (no per-client work
/// here, no cross-thread hop per client). Slow clients are cut off by their outlet; dead connections are
/// found by WebSocket pings.
actor StreamHub {
    private struct Client {
        let userID: UUID
        let outlet: StreamOutlet
    }

    private var clients: [UUID: Client] = [:]
    private var outlets: [ObjectIdentifier: StreamOutlet] = [:]
    /// Open streams per user (changed only with `clients`, by `add` and `remove`), so a trade can ask
    /// whether anyone watches without a hop onto the hub.
    private nonisolated let watchers = NIOLockedValueBox<[UUID: Int]>([:])
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
    func add(id: UUID, userID: UUID, socket: WebSocket, writer: NIOLoopBound<PreframedWriter>) {
        guard clients[id] == nil, !socket.isClosed else { return }
        let key = ObjectIdentifier(socket.eventLoop)
        let outlet = outlets[key] ?? StreamOutlet(loop: socket.eventLoop)
        outlets[key] = outlet
        outlet.attach(.init(id: id, socket: socket, writer: writer))
        clients[id] = Client(userID: userID, outlet: outlet)
        watchers.withLockedValue { $0[userID, default: 0] += 1 }
    }

    func remove(_ id: UUID) {
        guard let client = clients.removeValue(forKey: id) else { return }
        client.outlet.detach(id)
        watchers.withLockedValue { watchers in
            let left = (watchers[client.userID] ?? 1) - 1
            watchers[client.userID] = left > 0 ? left : nil
        }
    }

    /// A client's subscriptions live with its connection in the outlet, the one place broadcasts read them.
    func setSymbols(_ symbols: Set<Symbol>, for id: UUID) { clients[id]?.outlet.setSymbols(symbols, for: id) }

    func symbols(of id: UUID) -> Set<Symbol> { clients[id]?.outlet.symbols(of: id) ?? [] }

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
    nonisolated func isWatching(_ userID: UUID) -> Bool { watchers.withLockedValue { $0[userID] != nil } }

    func publish(toUser userID: UUID, _ text: String) {
        let frame = PreframedWriter.textFrame(text)
        for (id, client) in clients where client.userID == userID { client.outlet.send(frame, to: .connection(id)) }
    }

    func send(_ text: String, to id: UUID) {
        clients[id]?.outlet.send(PreframedWriter.textFrame(text), to: .connection(id))
    }

    func closeAll() {
        for outlet in outlets.values { outlet.closeAll() }
        clients.removeAll()
        watchers.withLockedValue { $0.removeAll() }
    }

    private func broadcast(_ text: String?, symbol: Symbol) {
        guard let text else { return }
        let frame = PreframedWriter.textFrame(text)
        for outlet in outlets.values where !outlet.isEmpty { outlet.send(frame, to: .symbol(symbol)) }
    }
}
