import DraizerCore
import DraizerMarket
import DraizerTestFakes
import Synchronization

/// Reads a live `MarketEvent` stream in the background so a test can wait for what it expects.
final class EventCollector: Sendable {
    private let received = Locked<[MarketEvent]>([])
    private let finishedFlag = Locked(false)
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<MarketEvent>) {
        let received = self.received, finished = self.finishedFlag
        task = Task {
            for await event in stream { received.withLock { $0.append(event) } }
            finished.withLock { $0 = true }
        }
    }

    var events: [MarketEvent] { received.value }
    var isFinished: Bool { finishedFlag.value }

    /// Closed candles in the order received.
    var closedCandles: [CandleUpdate] {
        events.compactMap { if case .candle(let update) = $0, update.isClosed { update } else { nil } }
    }

    var prices: [PriceTick] {
        events.compactMap { if case .price(let tick) = $0 { tick } else { nil } }
    }

    var connectionEvents: [ConnectionEvent] {
        events.compactMap { if case .connection(let event) = $0 { event } else { nil } }
    }

    /// Waits (real time, bounded) until `condition` holds for the events so far.
    @discardableResult
    func wait(
        timeout: Duration = .seconds(10), until condition: @escaping @Sendable (EventCollector) -> Bool
    ) async throws -> Bool {
        try await eventually(timeout: timeout) { condition(self) }
    }

    func stop() { task.cancel() }

    deinit { task.cancel() }
}

extension ConnectionEvent {
    var isConnected: Bool { if case .connected = self { true } else { false } }
    var isDisconnected: Bool { if case .disconnected = self { true } else { false } }
    var disconnectReason: String? { if case .disconnected(let reason) = self { reason } else { nil } }
}
