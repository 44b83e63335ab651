import DraizerCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import WebSocketKit

/// The browser streams served by one event loop, and the frames waiting to be written to them.
///
/// Frames handed over within `gatherWindow` of each other leave together: a market step makes a price and
/// a candle update at the same moment, and each socket then gets both in one write (one system call, which
/// is most of what a send costs) instead of two. A socket whose writes pile up past NIO's high-water mark
/// (the browser reads too slowly) is closed (1008, and cut a second later if the close cannot get through)
/// rather than buffered for.
final class StreamOutlet: Sendable {
    enum Audience: Sendable {
        case symbol(Symbol)
        case connection(UUID)
    }

    struct Connection: Sendable {
        let id: UUID
        let socket: WebSocket
        let writer: NIOLoopBound<PreframedWriter>
        var symbols: Set<Symbol> = []
    }

    private struct Frame {
        let bytes: ByteBuffer
        let audience: Audience

        func reaches(_ connection: Connection) -> Bool {
            switch audience {
            case .symbol(let symbol): connection.symbols.contains(symbol)
            case .connection(let id): connection.id == id
            }
        }
    }

    private struct State {
        var connections: [UUID: Connection] = [:]
        var outbox: [Frame] = []
        var drainScheduled = false
    }

    static let gatherWindow = TimeAmount.milliseconds(1)
    /// How long a slow client's close frame may take before its connection is cut.
    static let closeGrace = TimeAmount.seconds(1)

    let loop: any EventLoop
    private let state = NIOLockedValueBox(State())

    init(loop: any EventLoop) { self.loop = loop }

    var isEmpty: Bool { state.withLockedValue { $0.connections.isEmpty } }

    func attach(_ connection: Connection) { state.withLockedValue { $0.connections[connection.id] = connection } }

    func detach(_ id: UUID) { _ = state.withLockedValue { $0.connections.removeValue(forKey: id) } }

    func setSymbols(_ symbols: Set<Symbol>, for id: UUID) {
        state.withLockedValue { $0.connections[id]?.symbols = symbols }
    }

    func symbols(of id: UUID) -> Set<Symbol> { state.withLockedValue { $0.connections[id]?.symbols ?? [] } }

    /// Queues `frame` for `audience`; it is written within `gatherWindow`.
    func send(_ frame: ByteBuffer, to audience: Audience) {
        let schedule = state.withLockedValue { state in
            state.outbox.append(Frame(bytes: frame, audience: audience))
            defer { state.drainScheduled = true }
            return !state.drainScheduled
        }
        guard schedule else { return }
        loop.scheduleTask(in: Self.gatherWindow) { self.drain() }
    }

    /// Closes every socket of this loop (the server is stopping).
    func closeAll() {
        let connections = state.withLockedValue { state in
            defer { state.connections.removeAll() }
            return state.connections.values
        }
        for connection in connections { _ = connection.socket.close(code: .goingAway) }
    }

    /// Writes everything queued, on the loop: each socket gets the frames meant for it as one buffer. Sockets
    /// with the same frames (usually all subscribers of a symbol) share one buffer.
    private func drain() {
        let (frames, connections) = state.withLockedValue { state in
            defer { state.outbox.removeAll(keepingCapacity: true); state.drainScheduled = false }
            return (state.outbox, state.connections)
        }
        var joined: [[Int]: ByteBuffer] = [:]
        var slow: [Connection] = []
        for connection in connections.values {
            let picked = frames.indices.filter { frames[$0].reaches(connection) }
            guard !picked.isEmpty else { continue }
            guard connection.writer.value.isWritable else {
                slow.append(connection)
                continue
            }
            if picked.count == 1 {
                connection.writer.value.write(frames[picked[0]].bytes)
                continue
            }
            let bytes = joined[picked] ?? {
                var buffer = ByteBuffer()
                for index in picked { buffer.writeImmutableBuffer(frames[index].bytes) }
                joined[picked] = buffer
                return buffer
            }()
            connection.writer.value.write(bytes)
        }
        // A browser that cannot keep up is cut off: it reconnects and starts again from fresh prices, which is
        // better for it than old ones, and better for everyone else than the hub buffering for it.
        for connection in slow {
            detach(connection.id)
            _ = connection.socket.close(code: .policyViolation)
            let writer = connection.writer
            loop.scheduleTask(in: Self.closeGrace) { writer.value.cut() }
        }
    }
}
