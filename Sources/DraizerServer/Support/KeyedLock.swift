import Foundation

/// An async mutex per key: work for one key runs one at a time, in arrival order, without blocking a thread.
/// Used to serialise orders on one portfolio inside this process (PostgreSQL row locks do it across
/// processes; SQLite has a single writer and one process).
actor KeyedLock<Key: Hashable & Sendable> {
    private var waiters: [Key: [CheckedContinuation<Void, Never>]] = [:]

    func withLock<T: Sendable>(_ key: Key, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: Key) async {
        if waiters[key] == nil {
            waiters[key] = []
            return
        }
        await withCheckedContinuation { waiters[key]!.append($0) }
    }

    private func release(_ key: Key) {
        guard var queue = waiters[key] else { return }
        if queue.isEmpty {
            waiters[key] = nil
        } else {
            let next = queue.removeFirst()
            waiters[key] = queue
            next.resume()
        }
    }
}
