import NIOConcurrencyHelpers

/// An async mutex per key: work for one key runs one at a time, in arrival order, without blocking a thread.
/// Used to serialise orders on one portfolio inside this process (PostgreSQL row locks do it across
/// processes; SQLite has a single writer and one process). A free key is taken and given back without a
/// suspension (an actor here cost every order two hops); only a caller that has to wait suspends.
final class KeyedLock<Key: Hashable & Sendable>: Sendable {
    /// The keys held, each with the callers waiting for it in arrival order.
    private let held = NIOLockedValueBox<[Key: [CheckedContinuation<Void, Never>]]>([:])

    func withLock<T: Sendable>(_ key: Key, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: Key) async {
        if held.withLockedValue({ Self.take(key, in: &$0) }) { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Released between the two looks: taken now, nobody will resume this caller.
            let taken = held.withLockedValue { held -> Bool in
                if Self.take(key, in: &held) { return true }
                held[key]!.append(continuation)
                return false
            }
            if taken { continuation.resume() }
        }
    }

    /// Takes `key` if it is free.
    private static func take(_ key: Key, in held: inout [Key: [CheckedContinuation<Void, Never>]]) -> Bool {
        guard held[key] == nil else { return false }
        held[key] = []
        return true
    }

    /// Hands the key to the first waiter (who then holds it), or frees it.
    private func release(_ key: Key) {
        let next = held.withLockedValue { held -> CheckedContinuation<Void, Never>? in
            guard var waiting = held[key] else { return nil }
            if waiting.isEmpty {
                held[key] = nil
                return nil
            }
            let next = waiting.removeFirst()
            held[key] = waiting
            return next
        }
        next?.resume()
    }

    /// For tests: whether the key is held, and how many callers wait for it.
    func isHeldForTesting(_ key: Key) -> Bool { held.withLockedValue { $0[key] != nil } }
    func waitingForTesting(_ key: Key) -> Int { held.withLockedValue { $0[key]?.count ?? 0 } }
}
