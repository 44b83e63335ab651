import Foundation
import Logging
import NIOCore
import Synchronization
import WebSocketKit

/// One WebSocket connection to Binance's market streams, turned into an ordered stream of text frames that
/// ends with the reason the connection is over.
///
/// Liveness is watched two ways: no message or server ping for `idleTimeout` ends the connection
/// (a stalled stream), and WebSocketKit's own ping timer force-closes the socket when a ping of ours goes
/// unanswered for the same time (a dead peer, where a polite close would never complete). Binance's pings
/// are answered by WebSocketKit, which echoes the payload in a pong as Binance requires.
final class BinanceStreamConnection: Sendable {
    enum Signal: Sendable {
        case text(String)
        case ended(EndReason)
    }

    enum EndReason: Sendable, Hashable, CustomStringConvertible {
        case idle(Duration)
        case maxAge(Duration)
        case closedByPeer(code: String)
        case serverShutdown
        case backfillFailed(String)
        case cancelled

        var description: String {
            switch self {
            case .idle(let timeout): "no message for \(timeout)"
            case .maxAge(let age): "planned reconnect after \(age)"
            case .closedByPeer(let code): "connection closed (\(code))"
            case .serverShutdown: "server announced a shutdown"
            case .backfillFailed(let reason): "could not backfill missed candles: \(reason)"
            case .cancelled: "stopped"
            }
        }

        /// Whether the next connection should be attempted at once rather than after a backoff.
        var isPlanned: Bool {
            switch self {
            case .maxAge, .serverShutdown: true
            default: false
            }
        }
    }

    struct ConnectFailed: Error, CustomStringConvertible {
        let description: String
    }

    let signals: AsyncStream<Signal>
    private let continuation: AsyncStream<Signal>.Continuation
    private let state = Mutex(State())
    private let idleTimeout: Duration
    private let maxAge: Duration

    private struct State {
        var socket: WebSocket?
        var isClosed = false
        var lastActivity = NIODeadline.now()
        var ageTimer: Scheduled<Void>?
    }

    private init(idleTimeout: Duration, maxAge: Duration) {
        (signals, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .unbounded)
        self.idleTimeout = idleTimeout
        self.maxAge = maxAge
    }

    /// Connects and upgrades within `connectTimeout` of real time, or throws.
    static func open(
        url: String, on group: any EventLoopGroup, connectTimeout: Duration, idleTimeout: Duration, maxAge: Duration
    ) async throws -> BinanceStreamConnection {
        let connection = BinanceStreamConnection(idleTimeout: idleTimeout, maxAge: maxAge)
        let configuration = WebSocketClient.Configuration(maxFrameSize: 1 << 20)
        let upgraded = WebSocket.connect(to: url, configuration: configuration, on: group) { socket in
            connection.attach(socket)
        }
        do {
            try await withRealTimeout(connectTimeout) { try await upgraded.get() }
        } catch is RealTimeoutExpired {
            connection.close()
            throw ConnectFailed(description: "no WebSocket upgrade from \(url) within \(connectTimeout)")
        } catch {
            connection.close()
            throw ConnectFailed(description: "could not connect to \(url): \(error)")
        }
        return connection
    }

    /// Ends the signals and closes the socket (also one that connects after a timed-out `open`).
    func close(reason: EndReason = .cancelled) {
        finish(reason)
        let (socket, ageTimer) = state.withLock { state -> (WebSocket?, Scheduled<Void>?) in
            state.isClosed = true
            defer {
                state.socket = nil
                state.ageTimer = nil
            }
            return (state.socket, state.ageTimer)
        }
        ageTimer?.cancel()
        socket?.close(code: .goingAway, promise: nil)
    }

    /// Runs on the socket's event loop, before any frame is delivered.
    private func attach(_ socket: WebSocket) {
        let alreadyClosed = state.withLock { state -> Bool in
            guard !state.isClosed else { return true }
            state.socket = socket
            state.lastActivity = .now()
            return false
        }
        if alreadyClosed {
            socket.close(code: .goingAway, promise: nil)
            return
        }
        socket.onText { _, text in
            self.touch()
            self.continuation.yield(.text(text))
        }
        socket.onBinary { _, _ in self.touch() }
        // Binance's pings count as life; pongs to our own pings do not, or a connection that answers pings
        // but has stopped streaming would never look idle.
        socket.onPing { _, _ in self.touch() }
        socket.onClose.whenComplete { _ in
            let code = socket.closeCode.map { "\($0)" } ?? "no close code"
            self.finish(.closedByPeer(code: code))
            // Break the socket → callbacks → connection → socket cycle.
            self.state.withLock { $0.socket = nil }
        }
        socket.pingInterval = .milliseconds(idleTimeout.wholeMilliseconds)
        scheduleIdleCheck(on: socket.eventLoop, at: .now() + .milliseconds(idleTimeout.wholeMilliseconds))
        let ageTimer = socket.eventLoop.scheduleTask(in: .milliseconds(maxAge.wholeMilliseconds)) {
            self.close(reason: .maxAge(self.maxAge))
        }
        state.withLock { $0.ageTimer = ageTimer }
    }

    private func touch() {
        state.withLock { $0.lastActivity = .now() }
    }

    /// Checks for silence at the earliest moment the idle timeout could have passed, instead of
    /// rescheduling a timer on every frame.
    private func scheduleIdleCheck(on eventLoop: any EventLoop, at deadline: NIODeadline) {
        eventLoop.scheduleTask(deadline: deadline) {
            let (closed, lastActivity) = self.state.withLock { ($0.isClosed, $0.lastActivity) }
            guard !closed else { return }
            let expiry = lastActivity + .milliseconds(self.idleTimeout.wholeMilliseconds)
            if expiry <= .now() {
                self.close(reason: .idle(self.idleTimeout))
            } else {
                self.scheduleIdleCheck(on: eventLoop, at: expiry)
            }
        }
    }

    private func finish(_ reason: EndReason) {
        // Only the first reason counts: yields after `finish()` are dropped.
        continuation.yield(.ended(reason))
        continuation.finish()
    }
}
