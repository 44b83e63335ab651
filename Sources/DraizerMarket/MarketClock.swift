import Foundation

/// The time a market source reads and the way it waits, injected so tests and backtests run without real
/// waiting: a test clock returns a fixed or stepped time and makes `sleep` advance it instantly.
public struct MarketClock: Sendable {
    /// Milliseconds since the Unix epoch.
    public let now: @Sendable () -> Int64
    /// Waits for a duration of this clock's time; throws `CancellationError` when the task is cancelled.
    public let sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> Int64, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// Wall-clock time and real sleeping.
    public static let system = MarketClock(
        now: { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) },
        sleep: { try await Task.sleep(for: $0) })
}

extension Duration {
    /// Whole milliseconds, rounded towards zero.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
