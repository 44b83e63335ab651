import DraizerCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import DraizerServer

/// Bookings that share one statement (PostgreSQL) or one transaction (SQLite) must still succeed or fail
/// one by one.
@Suite("Group commit of bookings")
struct GroupCommitTests {
    /// A 0.001 BTC buy at 50,000 with a 0.05 USD fee, booked on `ledger`.
    private func booking(_ ledger: LedgerSnapshot, key: String?) throws -> LedgerWriter.Booking {
        let fill = Fill(symbol: try Symbol("BTCUSDT"), side: .buy, quantity: try Quantity("0.001"), price: try Price("50000"),
                        quoteAmount: Money(50), fee: try Money("0.05"), feeAsset: try Asset("USDT"))
        var next = ledger.state
        let entry = try next.apply(fill)
        return LedgerWriter.Booking(
            ledger: ledger, next: next, fill: fill, realizedPnL: entry.realizedPnL, venue: "paper", exchangeOrderID: nil,
            source: "manual", idempotencyKey: key, auditDetails: ["test": "group-commit"], equity: nil, now: Date(),
            createdAt: Date())
    }

    @Test func aDuplicateIdempotencyKeyFailsOnlyItsOwnOrder() async throws {
        try await withDraizerApp { app in
            var ledgers: [LedgerSnapshot] = []
            for name in ["ada", "bob", "cyd", "dan", "eve"] {
                let user = try await TestUser.register(app, name: name)
                let userID = try #require(try await User.query(on: app.db).filter(\.$email == user.email).first()?.id)
                ledgers.append(try await LedgerSnapshot.current(of: userID, caches: app.services.caches, on: app.db))
            }
            let context = app.backgroundContext(label: "test")
            // Ada's key is taken by an earlier order of hers.
            let taken = try #require(try await LedgerWriter.book(try booking(ledgers[0], key: "taken"), transactionID: UUID(),
                                                                 context: context, queue: .forDatabase(of: app)))
            let ada = LedgerSnapshot(ledgers[0], state: try booking(ledgers[0], key: nil).next, version: taken)

            // One batch at a time, and Eve's is held: the four orders that arrive meanwhile must go together
            // in the next batch, the database's own (a statement on PostgreSQL, a transaction on SQLite).
            let booker = GatedBooker(BookingQueue.booker(for: app))
            let queue = BookingQueue(booker)
            @Sendable func submit(_ booking: LedgerWriter.Booking) -> Task<Int64?, any Error> {
                Task { try await queue.book(BookingQueue.Entry(booking: booking, transactionID: UUID(), context: context)) }
            }
            let eve = submit(try booking(ledgers[4], key: nil))
            while booker.batches.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            let together = [try booking(ada, key: "taken")] + (try ledgers[1...3].map { try booking($0, key: nil) })
            let tasks = together.map(submit)
            while await queue.waitingCount < together.count { try await Task.sleep(for: .milliseconds(10)) }
            booker.open()
            var outcomes: [Result<Int64?, any Error>] = []
            for task in tasks { outcomes.append(await task.result) }

            #expect(try await eve.value == ledgers[4].version + 1)
            #expect(booker.batches.map(\.count) == [1, 4, 1, 1, 1, 1], "Eve's, the four together, then each again on its own")
            if case .failure(let error) = outcomes[0] {
                #expect((error as? any DatabaseError)?.isConstraintFailure == true)
            } else {
                Issue.record("the duplicate key was booked: \(String(describing: outcomes[0]))")
            }
            for index in 1...3 {
                guard case .success(let version) = outcomes[index] else {
                    Issue.record("order \(index) failed with the duplicate: \(String(describing: outcomes[index]))")
                    continue
                }
                #expect(version == ledgers[index].version + 1)
            }
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 5, "Ada's first order, Eve's and the three others")
        }
    }
}

/// The database's booker, one batch at a time, holding the first until `open()` and recording every batch's
/// portfolios.
private final class GatedBooker: BookingQueue.Booker {
    private let inner: any BookingQueue.Booker
    let concurrency = 1
    private let recorded = NIOLockedValueBox<[[UUID]]>([])
    private let gate = AsyncStream<Void>.makeStream()

    init(_ inner: any BookingQueue.Booker) { self.inner = inner }

    var batches: [[UUID]] { recorded.withLockedValue { $0 } }

    func open() { gate.continuation.yield() }

    func book(_ entries: [BookingQueue.Entry]) async throws -> [UUID: Int64] {
        let first = recorded.withLockedValue { batches in
            batches.append(entries.map(\.booking.ledger.portfolioID))
            return batches.count == 1
        }
        if first { for await _ in gate.stream { break } }
        return try await inner.book(entries)
    }

    func bookedNothing(_ error: any Error) -> Bool { inner.bookedNothing(error) }
}
