import FluentKit
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import Vapor

/// Group commit for paper orders. Orders that arrive while earlier bookings are on their way to the
/// database wait here and go together: on PostgreSQL as one `PostgresBooking` statement, on SQLite as one
/// transaction. The database then pays its per-statement and per-commit costs (on SQLite, a sync of the
/// write-ahead log) once per batch instead of once per order. Nobody waits for a batch to fill: a lone
/// order goes at once, and batches only form when orders queue up behind the batches already running
/// (`Booker.concurrency` of them). A batch never holds two orders of one portfolio (the second waits for
/// the next), and a batch that fails having booked nothing is retried one order at a time, so one order's
/// failure (a duplicate Idempotency-Key) is only that order's.
actor BookingQueue {
    /// One order's booking, with the context its audit row records.
    struct Entry: Sendable {
        let booking: LedgerWriter.Booking
        let transactionID: UUID
        let context: ActionContext
    }

    /// Books a batch of orders on distinct portfolios, all or nothing.
    protocol Booker: Sendable {
        /// How many batches the database should be given at once.
        var concurrency: Int { get }
        /// The new version of each portfolio booked; a portfolio whose version had moved on is left out.
        func book(_ entries: [Entry]) async throws -> [UUID: Int64]
        /// Whether the batch that failed with `error` certainly booked nothing, so its orders may be booked
        /// again one by one. (A lost connection leaves unknown whether it committed: every order then fails
        /// rather than risk booking one twice.)
        func bookedNothing(_ error: any Error) -> Bool
    }

    private struct Waiting {
        let entry: Entry
        let continuation: CheckedContinuation<Int64?, any Error>
    }

    private let booker: any Booker
    private let maxBatch: Int
    private var waiting: [Waiting] = []
    private var running = 0

    init(_ booker: any Booker, maxBatch: Int = 64) {
        self.booker = booker
        self.maxBatch = maxBatch
    }

    /// The queue for the application's database.
    static func forDatabase(of app: Application) -> BookingQueue { BookingQueue(booker(for: app)) }

    static func booker(for app: Application) -> any Booker {
        app.db is any PostgresDatabase ? PostgresBooker(app: app) : SQLiteBooker(app: app)
    }

    /// For tests: how many orders wait for a batch.
    var waitingCount: Int { waiting.count }

    /// The portfolio's new version, or nil if it was no longer at the version the order was checked on.
    func book(_ entry: Entry) async throws -> Int64? {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(entry: entry, continuation: continuation))
            startBatches()
        }
    }

    private func startBatches() {
        while running < booker.concurrency, !waiting.isEmpty {
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
            let ready = batch
            Task {
                await Self.run(ready, with: booker)
                self.finished()
            }
        }
    }

    private func finished() {
        running -= 1
        startBatches()
    }

    private static func run(_ batch: [Waiting], with booker: any Booker) async {
        do {
            let versions = try await booker.book(batch.map(\.entry))
            for item in batch { item.continuation.resume(returning: versions[item.entry.booking.ledger.portfolioID]) }
        } catch where batch.count > 1 && booker.bookedNothing(error) {
            // Only the order at fault fails.
            for item in batch {
                do {
                    let versions = try await booker.book([item.entry])
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

/// Batches as one `PostgresBooking` statement, on the connection pool of the event loop the batch starts
/// on (so bookings spread over every loop's pool, as the requests do).
private final class PostgresBooker: BookingQueue.Booker {
    private let app: Application
    /// A handle per event loop. Fluent builds a handle per call, behind one lock: these are made once.
    private let handles = NIOLockedValueBox<[ObjectIdentifier: any PostgresDatabase]>([:])

    init(app: Application) { self.app = app }

    /// Three statements in flight: measured best among one to four.
    var concurrency: Int { 3 }

    func book(_ entries: [BookingQueue.Entry]) async throws -> [UUID: Int64] {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? app.eventLoopGroup.any()
        let database = try handles.withLockedValue { handles in
            if let handle = handles[ObjectIdentifier(loop)] { return handle }
            guard let made = app.databases.database(logger: app.logger, on: loop) as? any PostgresDatabase else {
                throw Abort(.serviceUnavailable, reason: "The database is shut down or not PostgreSQL.")
            }
            handles[ObjectIdentifier(loop)] = made
            return made
        }
        return try await PostgresBooking(entries: entries).versions(on: database)
    }

    /// PostgreSQL refused the statement (it answered with an error), so none of it happened.
    func bookedNothing(_ error: any Error) -> Bool { (error as? PSQLError)?.serverInfo != nil }
}

/// Batches as one SQLite transaction: each order's statements (`LedgerWriter.Statements`) in turn.
private struct SQLiteBooker: BookingQueue.Booker {
    let app: Application

    /// One transaction at a time: SQLite has a single writer.
    var concurrency: Int { 1 }

    func book(_ entries: [BookingQueue.Entry]) async throws -> [UUID: Int64] {
        try await app.db.writeTransaction { db in
            var versions: [UUID: Int64] = [:]
            for entry in entries {
                if let version = try await LedgerWriter.bookOnSQLite(entry, on: db) {
                    versions[entry.booking.ledger.portfolioID] = version
                }
            }
            return versions
        }
    }

    /// SQLite runs in this process: a transaction that failed was rolled back whole.
    func bookedNothing(_ error: any Error) -> Bool { true }
}
