import Foundation
import Synchronization

/// Rows read from the database for the hot paths (every authenticated request checks its session; the
/// dashboard polls the portfolio), kept in memory and dropped per user whenever anything of that user
/// changes. Correctness never rests on the cache alone:
/// - it serves only while changes can reach it (`isLive`: always on SQLite's single process, and on
///   PostgreSQL only while the change listener is connected; losing it empties the cache);
/// - an eviction fences the user for a moment, so a read that started before the change committed cannot
///   put the old row back (a versioned cache fences only versions older than the change: a writer that
///   knows the new state may store it at once);
/// - an entry lives `lifetime` at most, which bounds what a change nobody announced (an operator command
///   on another process's SQLite file) can leave behind.
final class UserScopedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let userID: UUID
        let storedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var keysByUser: [UUID: Set<Key>] = [:]
        var fences: [UUID: Fence] = [:]
        var isLive: Bool
    }

    private struct Fence {
        let until: ContinuousClock.Instant
        /// Versioned caches: values older than this are refused while the fence stands.
        let minimumVersion: Int64?
    }

    private let state: Mutex<State>
    private let lifetime: Duration
    private let fence: Duration
    private let capacity: Int
    private let version: (@Sendable (Value) -> Int64)?

    init(live: Bool, lifetime: Duration = .seconds(10), fence: Duration = .milliseconds(500), capacity: Int = 100_000,
         version: (@Sendable (Value) -> Int64)? = nil) {
        self.state = Mutex(State(isLive: live))
        self.lifetime = lifetime
        self.fence = fence
        self.capacity = capacity
        self.version = version
    }

    func value(for key: Key) -> Value? {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard state.isLive, let entry = state.entries[key] else { return nil }
            guard entry.storedAt.duration(to: now) < lifetime else {
                Self.remove(key, of: entry.userID, from: &state)
                return nil
            }
            return entry.value
        }
    }

    /// Keeps `value`, unless the user changed a moment ago (in a versioned cache: unless it is older than
    /// that change or than the value already kept).
    func store(_ value: Value, for key: Key, user userID: UUID) {
        let now = ContinuousClock.now
        let newVersion = version?(value)
        state.withLock { state in
            guard state.isLive else { return }
            if let fence = state.fences[userID] {
                if now >= fence.until {
                    state.fences[userID] = nil
                } else if let minimum = fence.minimumVersion, let newVersion {
                    if newVersion < minimum { return }
                } else {
                    return
                }
            }
            if let newVersion, let existing = state.entries[key], let version, version(existing.value) > newVersion { return }
            if state.entries.count >= capacity {
                // Rare and cheap to refill: simpler than tracking recency for every hit.
                state.entries.removeAll(keepingCapacity: true)
                state.keysByUser.removeAll(keepingCapacity: true)
            }
            state.entries[key] = Entry(value: value, userID: userID, storedAt: now)
            state.keysByUser[userID, default: []].insert(key)
        }
    }

    /// Drops what is cached of `userID`: everything, or in a versioned cache what is older than `changed`
    /// (the version the change wrote).
    func evict(user userID: UUID, changed: Int64? = nil) {
        let now = ContinuousClock.now
        let minimum = version == nil ? nil : changed
        state.withLock { state in
            for key in state.keysByUser[userID] ?? [] {
                guard let entry = state.entries[key] else { continue }
                if let minimum, let version, version(entry.value) >= minimum { continue }
                Self.remove(key, of: userID, from: &state)
            }
            let previous = state.fences[userID].flatMap { now < $0.until ? $0.minimumVersion : nil }
            state.fences[userID] = Fence(until: now.advanced(by: fence),
                                         minimumVersion: minimum.map { max($0, previous ?? $0) })
            if state.fences.count > 10_000 { state.fences = state.fences.filter { $0.value.until > now } }
        }
    }

    /// Turns serving on or off; both directions start from empty (what was cached may have missed changes).
    func setLive(_ live: Bool) {
        state.withLock { state in
            state.isLive = live
            state.entries.removeAll()
            state.keysByUser.removeAll()
            state.fences.removeAll()
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
    var isLive: Bool { state.withLock { $0.isLive } }

    private static func remove(_ key: Key, of userID: UUID, from state: inout State) {
        state.entries[key] = nil
        state.keysByUser[userID]?.remove(key)
        if state.keysByUser[userID]?.isEmpty == true { state.keysByUser[userID] = nil }
    }
}
