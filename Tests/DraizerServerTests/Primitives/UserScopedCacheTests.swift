import Foundation
import Testing
@testable import DraizerServer

/// The rules that keep cached rows from outliving a change.
@Suite("The user-scoped cache")
struct UserScopedCacheTests {
    struct Row: Sendable, Equatable {
        let version: Int64
    }

    let ada = UUID(), bob = UUID()

    @Test func aDarkCacheServesAndKeepsNothing() {
        let cache = UserScopedCache<UUID, Row>(live: false)
        cache.store(Row(version: 1), for: ada, user: ada, ticket: cache.ticket())
        #expect(cache.value(for: ada) == nil)
        cache.setLive(true)
        cache.store(Row(version: 1), for: ada, user: ada, ticket: cache.ticket())
        #expect(cache.value(for: ada) == Row(version: 1))
        cache.setLive(false)
        #expect(cache.value(for: ada) == nil, "going dark forgets everything")
        cache.setLive(true)
        #expect(cache.value(for: ada) == nil, "and coming back starts empty")
    }

    @Test func aChangeDropsEverythingOfThatUserAndNothingOfOthers() {
        let cache = UserScopedCache<UUID, Row>(live: true)
        let sessions = (UUID(), UUID())
        cache.store(Row(version: 1), for: sessions.0, user: ada, ticket: cache.ticket())
        cache.store(Row(version: 1), for: sessions.1, user: ada, ticket: cache.ticket())
        cache.store(Row(version: 1), for: bob, user: bob, ticket: cache.ticket())
        cache.evict(user: ada)
        #expect(cache.value(for: sessions.0) == nil && cache.value(for: sessions.1) == nil)
        #expect(cache.value(for: bob) == Row(version: 1))
    }

    @Test func aReadThatRacedTheChangeCannotPutTheOldRowBackWhileTheFenceStands() async throws {
        let cache = UserScopedCache<UUID, Row>(live: true, fence: .milliseconds(100))
        cache.evict(user: ada)
        cache.store(Row(version: 1), for: ada, user: ada, ticket: cache.ticket())
        #expect(cache.value(for: ada) == nil)
        try await Task.sleep(for: .milliseconds(150))
        cache.store(Row(version: 1), for: ada, user: ada, ticket: cache.ticket())
        #expect(cache.value(for: ada) == Row(version: 1))
    }

    /// However long the read took: what was read before a change is not stored after it.
    @Test func aReadThatStartedBeforeAChangeIsNeverStored() async throws {
        let cache = UserScopedCache<UUID, Row>(live: true, fence: .milliseconds(20))
        let ticket = cache.ticket()
        cache.evict(user: ada)
        try await Task.sleep(for: .milliseconds(50))
        cache.store(Row(version: 1), for: ada, user: ada, ticket: ticket)
        #expect(cache.value(for: ada) == nil)
        cache.store(Row(version: 1), for: bob, user: bob, ticket: ticket)
        #expect(cache.value(for: bob) == Row(version: 1), "another user's change does not matter")
    }

    @Test func aReadThatStartedBeforeTheCacheCameBackIsNeverStored() {
        let cache = UserScopedCache<UUID, Row>(live: true)
        let ticket = cache.ticket()
        cache.setLive(false)
        cache.setLive(true)
        cache.store(Row(version: 1), for: ada, user: ada, ticket: ticket)
        #expect(cache.value(for: ada) == nil)
    }

    @Test func aVersionedCacheKeepsWhatIsNewerThanTheChangeAndRefusesWhatIsOlder() {
        let cache = UserScopedCache<UUID, Row>(live: true, version: { $0.version })
        cache.store(Row(version: 6), for: ada, user: ada, ticket: cache.ticket())
        cache.evict(user: ada, changed: 6)
        #expect(cache.value(for: ada) == Row(version: 6), "the writer's own newer copy survives its notification")
        cache.evict(user: ada, changed: 7)
        #expect(cache.value(for: ada) == nil)
        cache.store(Row(version: 6), for: ada, user: ada, ticket: cache.ticket())
        #expect(cache.value(for: ada) == nil, "a read from before version 7 is refused")
        cache.store(Row(version: 7), for: ada, user: ada, ticket: cache.ticket())
        #expect(cache.value(for: ada) == Row(version: 7), "the writer of version 7 may store it at once")
        cache.store(Row(version: 5), for: ada, user: ada, ticket: cache.ticket())
        #expect(cache.value(for: ada) == Row(version: 7), "an older version never replaces a newer one")
    }

    @Test func entriesExpire() async throws {
        let cache = UserScopedCache<UUID, Row>(live: true, lifetime: .milliseconds(50))
        cache.store(Row(version: 1), for: ada, user: ada, ticket: cache.ticket())
        try await Task.sleep(for: .milliseconds(80))
        #expect(cache.value(for: ada) == nil)
    }

    @Test func aFullCacheStartsOver() {
        let cache = UserScopedCache<UUID, Row>(live: true, capacity: 2)
        cache.store(Row(version: 1), for: ada, user: ada, ticket: cache.ticket())
        cache.store(Row(version: 1), for: bob, user: bob, ticket: cache.ticket())
        let carol = UUID()
        cache.store(Row(version: 1), for: carol, user: carol, ticket: cache.ticket())
        #expect(cache.count == 1 && cache.value(for: carol) == Row(version: 1))
    }
}
