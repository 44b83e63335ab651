import DraizerCore
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor
@testable import DraizerServer

/// Bookings that share one PostgreSQL statement must still succeed or fail one by one.
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

    @Test(.enabled(if: TestDatabase.isPostgres, "needs the PostgreSQL the test command starts"))
    func aDuplicateIdempotencyKeyFailsOnlyItsOwnOrder() async throws {
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
                                                                 context: context, queue: nil))
            let ada = LedgerSnapshot(ledgers[0], state: try booking(ledgers[0], key: nil).next, version: taken)

            // One statement at a time, and Eve's holds the queue: her portfolio row is locked by another
            // transaction, so the four orders that arrive meanwhile must go together in the next statement.
            let queue = BookingQueue(database: { [app] in app.db as? any PostgresDatabase }, concurrency: 1)
            @Sendable func submit(_ booking: LedgerWriter.Booking) -> Task<Int64?, any Error> {
                Task { try await queue.book(PostgresBooking.Entry(booking: booking, transactionID: UUID(), context: context)) }
            }
            let eveID = ledgers[4].portfolioID
            let eveBooking = try booking(ledgers[4], key: nil)
            let together = [try booking(ada, key: "taken")] + (try ledgers[1...3].map { try booking($0, key: nil) })
            let (eve, outcomes) = try await app.db.withConnection { connection in
                let sql = try #require(connection as? any SQLDatabase)
                try await sql.raw("BEGIN").run()
                try await sql.raw("SELECT id FROM portfolios WHERE id = \(bind: eveID) FOR UPDATE").run()
                let eve = submit(eveBooking)
                try await Task.sleep(for: .milliseconds(200))
                let tasks = together.map(submit)
                try await Task.sleep(for: .milliseconds(200))
                try await sql.raw("COMMIT").run()
                var outcomes: [Result<Int64?, any Error>] = []
                for task in tasks { outcomes.append(await task.result) }
                return (try await eve.value, outcomes)
            }
            #expect(eve == ledgers[4].version + 1)
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
