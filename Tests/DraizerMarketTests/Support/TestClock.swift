import DraizerMarket
import DraizerTestFakes
import Synchronization

/// A clock that only moves when told to or when something sleeps on it: `sleep` records the duration,
/// advances the time by it and returns at once. After `sleepBudget` sleeps it throws `CancellationError`,
/// which ends any loop that keeps sleeping (a live feed), so a test can read everything it produced.
final class TestClock: Sendable {
    private struct State {
        var now: Int64
        var sleeps: [Duration] = []
        var remainingSleeps: Int
    }

    private let state: Mutex<State>

    init(now: Int64 = 1_700_000_000_000, sleepBudget: Int = .max) {
        state = Mutex(State(now: now, remainingSleeps: sleepBudget))
    }

    var now: Int64 { state.withLock { $0.now } }

    /// Every duration slept so far, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func advance(by duration: Duration) {
        state.withLock { $0.now += duration.milliseconds }
    }

    func set(_ time: Int64) {
        state.withLock { $0.now = time }
    }

    func sleep(_ duration: Duration) async throws {
        let allowed = state.withLock { state -> Bool in
            guard state.remainingSleeps > 0 else { return false }
            state.remainingSleeps -= 1
            state.sleeps.append(duration)
            state.now += duration.milliseconds
            return true
        }
        guard allowed else { throw CancellationError() }
        await Task.yield()
    }

    var marketClock: MarketClock {
        MarketClock(now: { self.now }, sleep: { try await self.sleep($0) })
    }
}
