import Foundation
import Logging
import NIOCore
import PostgresNIO
import Vapor

/// Group commit for paper orders on PostgreSQL. Orders that arrive while earlier bookings are on their way
/// to the database wait here and go together, as one `PostgresBooking` statement: the database then pays
/// its per-statement and per-commit costs once per batch instead of once per order. Nobody waits for a
/// batch to fill: a lone order goes at once, and batches only form when orders queue up behind the
/// `concurrency` statements already running. A batch never holds two orders of one portfolio (the second
/// waits for the next), and a batch that fails is retried one order at a time, so one order's failure
/// (a duplicate Idempotency-Key) is only that order's.
actor BookingQueue {
    private struct Waiting {
        let entry: PostgresBooking.Entry
        let continuation: CheckedContinuation<Int64?, any Error>
    }

    private var waiting: [Waiting] = []
    private var running = 0
    /// Makes the database handle the batches use, once (Fluent builds a handle per call, with a lock).
    private let database: @Sendable () -> (any PostgresDatabase)?
    private var handle: (any PostgresDatabase)?
    private let concurrency: Int
    private let maxBatch: Int

    init(database: @escaping @Sendable () -> (any PostgresDatabase)?, concurrency: Int = 3, maxBatch: Int = 64) {
        self.database = database
        self.concurrency = concurrency
        self.maxBatch = maxBatch
    }

    /// The queue for the application's database, if it is PostgreSQL.
    static func forDatabase(of app: Application) -> BookingQueue? {
        guard app.db is any PostgresDatabase else { return nil }
        return BookingQueue { [app] in app.db as? any PostgresDatabase }
    }

    /// The portfolio's new version, or nil if it was no longer at the version the order was checked on.
    func book(_ entry: PostgresBooking.Entry) async throws -> Int64? {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(entry: entry, continuation: continuation))
            startBatches()
        }
    }

    private func startBatches() {
        while running < concurrency, !waiting.isEmpty {
            var batch: [Waiting] = [], later: [Waiting] = [], portfolios = Set<UUID>()
            for item in waiting {
                if batch.count < maxBatch, portfolios.insert(item.entry.booking.ledger.portfolioID).inserted {
                    batch.append(item)
                } else {
                    later.append(item)
                }
            }
            waiting = later
            running += 1
            if handle == nil { handle = database() }
            let ready = batch, database = handle
            Task {
                await Self.run(ready, on: database)
                self.finished()
            }
        }
    }

    private func finished() {
        running -= 1
        startBatches()
    }

    private static func run(_ batch: [Waiting], on database: (any PostgresDatabase)?) async {
        guard let database else {
            for item in batch { item.continuation.resume(throwing: Abort(.internalServerError, reason: "The database is not PostgreSQL.")) }
            return
        }
        do {
            let versions = try await PostgresBooking(entries: batch.map(\.entry)).versions(on: database)
            for item in batch { item.continuation.resume(returning: versions[item.entry.booking.ledger.portfolioID]) }
        } catch let error as PSQLError where batch.count > 1 && error.serverInfo != nil {
            // PostgreSQL refused the statement, so none of it happened: book each order on its own, and only
            // the order at fault fails. (Any other failure, a lost connection, leaves unknown whether the
            // batch committed: every order fails rather than risk booking one twice.)
            for item in batch {
                do {
                    let versions = try await PostgresBooking(entries: [item.entry]).versions(on: database)
                    item.continuation.resume(returning: versions[item.entry.booking.ledger.portfolioID])
                } catch {
                    item.continuation.resume(throwing: error)
                }
            }
        } catch {
            for item in batch { item.continuation.resume(throwing: error) }
        }
    }
}
