import NIOConcurrencyHelpers
import Vapor

/// Counts requests being handled, so shutdown can wait for them to finish before the database and the
/// hashing threads go away (a request whose client hung up is still running until it returns).
final class InFlightRequests: AsyncMiddleware, Sendable {
    private let count = NIOLockedValueBox(0)
    private let draining = NIOLockedValueBox(false)

    var isDraining: Bool { draining.withLockedValue { $0 } }
    var current: Int { count.withLockedValue { $0 } }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        count.withLockedValue { $0 += 1 }
        defer { count.withLockedValue { $0 -= 1 } }
        return try await next.respond(to: request)
    }

    /// From now on `/ready` answers 503, so load balancers stop sending new work.
    func beginDraining() { draining.withLockedValue { $0 = true } }

    /// Marks the server as draining (`/ready` answers 503) and waits until no request is left, or `timeout`.
    func drain(timeout: Duration) async {
        beginDraining()
        let deadline = ContinuousClock.now + timeout
        while current > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension Application {
    private struct InFlightKey: StorageKey { typealias Value = InFlightRequests }

    var inFlightRequests: InFlightRequests {
        if let existing = storage[InFlightKey.self] { return existing }
        let created = InFlightRequests()
        storage[InFlightKey.self] = created
        return created
    }
}
