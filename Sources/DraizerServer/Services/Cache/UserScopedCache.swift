import Foundation
import Synchronization

/// Rows read from the database for the hot paths (every authenticated request checks its session; the
/// dashboard polls the portfolio), kept in memory and dropped per user whenever anything of that user
/// changes. Correctness never rests on the cache alone:
/// - it serves only while changes can reach it (`isLive`: always on SQLite's single process, and on
///   PostgreSQL only while the change listener is connected; losing it empties the cache);
/// - what is stored was read under a ticket taken before the read: if the user changed since, it is not
///   stored, and an eviction also fences the user for a moment, since a change made inside a transaction
///   evicts before it commits (a versioned cache refuses only versions older than the change: a writer that
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
        var changes: [UUID: Change] = [:]
        var isLive: Bool
        /// Counts evictions and switches on or off; tickets carry its value.
        var counter: UInt64 = 0
        var liveSince: UInt64 = 0
    }

    /// The last eviction of a user.
    private struct Change {
        let counter: UInt64
        let at: ContinuousClock.Instant
        /// Versioned caches: the version the change wrote, when known.
        let minimumVersion: Int64?
    }

    /// Taken before reading what will be stored: a value read by someone holding a ticket older than the
    /// user's last eviction (or than the cache's last switch on) is never stored, however long the read took.
    struct Ticket: Sendable {
        fileprivate let counter: UInt64
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

    func ticket() -> Ticket {
        state.withLock { Ticket(counter: $0.counter) }
    }

    /// Keeps `value`, read under `ticket`, unless the user changed since the ticket was taken or a moment
    /// ago (a change inside a transaction evicts before it commits). In a versioned cache a value at least
    /// as new as the change is kept regardless, and an older value never replaces a newer one.
    func store(_ value: Value, for key: Key, user userID: UUID, ticket: Ticket) {
        let now = ContinuousClock.now
        let newVersion = version?(value)
        state.withLock { state in
            guard state.isLive, ticket.counter >= state.liveSince else { return }
            if let change = state.changes[userID] {
                let raced = ticket.counter < change.counter || now < change.at.advanced(by: fence)
                if raced {
                    guard let minimum = change.minimumVersion, let newVersion, newVersion >= minimum else { return }
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
            state.counter += 1
            // An unversioned change still in force stays unversioned (the stronger of the two).
            let previous = state.changes[userID].flatMap { now < $0.at.advanced(by: fence) ? $0 : nil }
            let merged: Int64? = if let minimum, let previous {
                previous.minimumVersion.map { max($0, minimum) }
            } else {
                minimum
            }
            state.changes[userID] = Change(counter: state.counter, at: now, minimumVersion: merged)
            if state.changes.count > 10_000 {
                // A read outliving a minute would long have timed out.
                state.changes = state.changes.filter { $0.value.at.duration(to: now) < .seconds(60) }
            }
        }
    }

    /// Turns serving on or off; both directions start from empty (what was cached may have missed changes),
    /// and nothing read before the switch is stored after it.
    func setLive(_ live: Bool) {
        state.withLock { state in
            state.isLive = live
            state.counter += 1
            state.liveSince = state.counter
            state.entries.removeAll()
            state.keysByUser.removeAll()
            state.changes.removeAll()
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
