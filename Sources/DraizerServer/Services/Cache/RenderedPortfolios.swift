import DraizerCore
import Foundation
import NIOCore
import Synchronization
import Vapor

/// The JSON of `GET /portfolio` as last sent to each user, with what it was computed from: the ledger's
/// version and the prices that valued it. A dashboard polling between two trades and two ticks gets the
/// same bytes again instead of a fresh encoding.
final class RenderedPortfolios: Sendable {
    private struct Rendering {
        let version: Int64
        let marks: [Symbol: Price]
        let body: ByteBuffer
    }

    private let renderings = Mutex<[UUID: Rendering]>([:])
    private let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The bytes for `ledger` valued at `marks`: the stored ones if they were made from exactly these.
    func body(for ledger: LedgerSnapshot, marks: [Symbol: Price], render: () throws -> ByteBuffer) rethrows -> ByteBuffer {
        if let kept = renderings.withLock({ $0[ledger.userID] }), kept.version == ledger.version, kept.marks == marks {
            return kept.body
        }
        let body = try render()
        renderings.withLock { renderings in
            if renderings.count >= capacity { renderings.removeAll(keepingCapacity: true) }
            renderings[ledger.userID] = Rendering(version: ledger.version, marks: marks, body: body)
        }
        return body
    }
}
