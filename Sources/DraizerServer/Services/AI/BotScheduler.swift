import Fluent
import NIOConcurrencyHelpers
import Foundation
import SQLKit
import Vapor

/// Finds due bots and runs their cycles. Each due cycle is claimed with a conditional update (on
/// PostgreSQL with `FOR UPDATE SKIP LOCKED`), so with several instances on one database every cycle runs
/// once; a claim lapses after the lease, so the cycles of an instance that died are taken over, and their
/// idempotency keys and the unique cycle of each decision keep a retried cycle from trading or recording
/// twice.
struct BotScheduler: Sendable {
    let service: BotService
    /// This process, as written into `claimed_by`.
    let instance: String
    let leaseMilliseconds: Int64
    /// Bots claimed and run together: one market view per symbol and one transaction per batch.
    var batchSize = 500

    /// Runs every cycle due at `now`, batch after batch, and returns what was done.
    @discardableResult
    func runDue(app: Application, now: Date) async throws -> BotService.CycleReport {
        var total = BotService.CycleReport()
        try await resumeLapsedPauses(on: app.db, now: now)
        while true {
            let claimed = try await claim(on: app.db, now: now)
            guard !claimed.isEmpty else { break }
            let report = await service.runCycle(claimed, instance: instance, context: app.backgroundContext(label: "bot-scheduler", now: now))
            total.decided += report.decided
            total.traded += report.traded
            total.failed += report.failed
            total.paused += report.paused
            total.duplicates += report.duplicates
            if claimed.count < batchSize { break }
        }
        return total
    }

    /// Claims up to a batch of due cycles for this instance.
    func claim(on db: any Database, now: Date) async throws -> [Bot] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let nowMs = BotService.milliseconds(now)
        let lock = db.isPostgres ? SQLRaw(" FOR UPDATE SKIP LOCKED") : SQLRaw("")
        let rows = try await sql.raw("""
            UPDATE bots SET claimed_by = \(bind: instance), claimed_until_ms = \(bind: nowMs + leaseMilliseconds)
            WHERE id IN (
                SELECT id FROM bots
                WHERE status = 'running' AND next_run_ms IS NOT NULL AND next_run_ms <= \(bind: nowMs)
                  AND (claimed_until_ms IS NULL OR claimed_until_ms < \(bind: nowMs))
                ORDER BY next_run_ms LIMIT \(bind: batchSize)\(lock))
            RETURNING id
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return [] }
        return try await Bot.query(on: db).filter(\.$id ~~ ids).all()
    }

    /// A pause with an end (the daily loss limit) ends by itself at the next UTC day.
    private func resumeLapsedPauses(on db: any Database, now: Date) async throws {
        let nowMs = BotService.milliseconds(now)
        try await Bot.query(on: db).filter(\.$status == BotStatus.paused.rawValue)
            .filter(\.$pausedUntil != nil).filter(\.$pausedUntil <= nowMs)
            .set(\.$status, to: BotStatus.running.rawValue).set(\.$pausedReason, to: nil).set(\.$pausedUntil, to: nil)
            .set(\.$nextRun, to: nowMs).set(\.$consecutiveFailures, to: 0)
            .update()
    }
}

/// Runs the scheduler every `AI_SCHEDULER_POLL_SECONDS` for as long as the server runs; on shutdown it
/// lets the running batch finish.
final class BotSchedulerLoop: LifecycleHandler, Sendable {
    private let scheduler: BotScheduler
    private let pollSeconds: Int
    private let task = TaskBox()
    /// Set on shutdown: no new batch starts, the running one finishes.
    private let stopping = NIOLockedValueBox(false)

    init(scheduler: BotScheduler, pollSeconds: Int) {
        self.scheduler = scheduler
        self.pollSeconds = pollSeconds
    }

    func didBootAsync(_ app: Application) async throws {
        let scheduler = self.scheduler, poll = pollSeconds, stopping = self.stopping
        guard poll > 0 else { return }
        task.set(Task {
            await scheduler.service.engines.checkModel(logger: app.logger)
            while !stopping.withLockedValue({ $0 }) {
                do {
                    let report = try await scheduler.runDue(app: app, now: app.wallClock.now())
                    if report.decided > 0 {
                        app.logger.info("bot cycles", metadata: [
                            "decided": "\(report.decided)", "traded": "\(report.traded)", "failed": "\(report.failed)",
                            "paused": "\(report.paused)", "duplicates": "\(report.duplicates)",
                        ])
                    }
                } catch {
                    app.logger.error("bot scheduler: \(String(reflecting: error))")
                }
                for _ in 0..<(poll * 5) where !stopping.withLockedValue({ $0 }) {
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        })
    }

    func shutdownAsync(_ app: Application) async {
        stopping.withLockedValue { $0 = true }
        await task.wait()
    }
}
