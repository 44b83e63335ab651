import DraizerCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Takes an equity snapshot of every portfolio at a regular interval (trades take their own), so the
/// equity curve moves with the market between trades. A portfolio already snapshotted within the
/// interval is skipped, which also keeps several instances from doubling the curve.
struct EquitySnapshotService: Sendable {
    let trading: TradingService
    let interval: TimeInterval

    /// One pass over all portfolios; returns how many snapshots were taken.
    @discardableResult
    func runOnce(on db: any Database, now: Date) async throws -> Int {
        var taken = 0
        let portfolios = try await Portfolio.query(on: db).all()
        for portfolio in portfolios {
            let portfolioID = try portfolio.requireID()
            if let last = try await EquitySnapshot.query(on: db).filter(\.$portfolio.$id == portfolioID)
                .sort(\.$takenAt, .descending).first(), now.timeIntervalSince(last.takenAt) < interval * 0.9 {
                continue
            }
            let rows = try await Position.query(on: db).filter(\.$portfolio.$id == portfolioID).all()
            let state = try LedgerStore.state(of: portfolio, positions: rows)
            let marks = await trading.marks(for: state)
            try await LedgerStore.snapshot(state, marks: marks, portfolio: portfolio, reason: "interval", at: now, on: db)
            taken += 1
        }
        return taken
    }
}

/// Runs `EquitySnapshotService` in the background for as long as the server runs.
final class EquitySnapshotLoop: LifecycleHandler, Sendable {
    private let service: EquitySnapshotService
    private let task = TaskBox()

    init(service: EquitySnapshotService) { self.service = service }

    func didBootAsync(_ app: Application) async throws {
        let service = self.service
        task.set(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(service.interval))
                guard !Task.isCancelled else { return }
                do { try await service.runOnce(on: app.db, now: app.wallClock.now()) } catch {
                    app.logger.error("equity snapshots failed: \(String(reflecting: error))")
                }
            }
        })
    }

    func shutdownAsync(_ app: Application) async {
        task.cancel()
    }
}

/// A cancellable task handle shared between boot and shutdown.
final class TaskBox: Sendable {
    private let storage = NIOLockedValueBox<Task<Void, Never>?>(nil)
    func set(_ task: Task<Void, Never>) { storage.withLockedValue { $0 = task } }
    func cancel() { storage.withLockedValue { $0?.cancel(); $0 = nil } }
    /// Waits for the task to end by itself.
    func wait() async {
        let task = storage.withLockedValue { $0 }
        await task?.value
    }
}
