@testable import DraizerServer
import NIOConcurrencyHelpers
import Testing

/// Work for one key runs one at a time and in arrival order; other keys are not held up.
@Suite("Keyed lock")
struct KeyedLockTests {
    @Test func workForOneKeyNeverOverlapsAndRunsInArrivalOrder() async throws {
        let lock = KeyedLock<Int>()
        let inside = NIOLockedValueBox(0), most = NIOLockedValueBox(0), order = NIOLockedValueBox<[Int]>([])
        // The first holder keeps the key while the others queue behind it in a known order.
        let gate = AsyncStream<Void>.makeStream()
        let first = Task {
            try await lock.withLock(7) {
                for await _ in gate.stream { break }
                order.withLockedValue { $0.append(0) }
            }
        }
        while lock.isHeldForTesting(7) == false { try await Task.sleep(for: .milliseconds(1)) }
        var waiters: [Task<Void, any Error>] = []
        for index in 1...50 {
            waiters.append(Task {
                try await lock.withLock(7) {
                    let now = inside.withLockedValue { $0 += 1; return $0 }
                    most.withLockedValue { $0 = max($0, now) }
                    await Task.yield()
                    order.withLockedValue { $0.append(index) }
                    inside.withLockedValue { $0 -= 1 }
                }
            })
            while lock.waitingForTesting(7) < index { try await Task.sleep(for: .milliseconds(1)) }
        }
        gate.continuation.yield()
        try await first.value
        for waiter in waiters { try await waiter.value }
        #expect(most.withLockedValue { $0 } == 1)
        #expect(order.withLockedValue { $0 } == Array(0...50))
        #expect(lock.isHeldForTesting(7) == false)
    }

    @Test func anotherKeyIsNotHeldUp() async throws {
        let lock = KeyedLock<Int>()
        let (opened, opener) = AsyncStream<Void>.makeStream()
        // Key 1 is held until key 2's work has run: a lock shared by all keys would never get there.
        async let held: Void = lock.withLock(1) { for await _ in opened { break } }
        while lock.isHeldForTesting(1) == false { try await Task.sleep(for: .milliseconds(1)) }
        try await lock.withLock(2) { _ = opener.yield() }
        try await held
    }

    @Test func anErrorGivesTheKeyBack() async throws {
        struct Failure: Error {}
        let lock = KeyedLock<String>()
        await #expect(throws: Failure.self) { try await lock.withLock("a") { throw Failure() } }
        #expect(try await lock.withLock("a") { 42 } == 42)
    }
}
