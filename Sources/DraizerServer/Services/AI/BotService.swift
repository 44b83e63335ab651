import DraizerAI
import DraizerCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Runs bots: a scheduled cycle for many bots at once (one market view per symbol, accounts loaded in
/// bulk, LLM calls bounded, results stored in one transaction per batch), an on-demand analysis, and the
/// bookkeeping that decides when each bot runs next, backs off or pauses.
struct BotService: Sendable {
    let hub: MarketHub
    let trader: BotTrader
    let engines: BotEngines
    let notices: BotNotices
    let defaultSymbol: Symbol
    let defaultInterval: Int
    let maxConsecutiveFailures: Int
    let maxPriceAgeMilliseconds: Int64
    let llmLimit: AsyncSemaphore
    let exits: ExitWatcher
    /// Non-LLM decisions in flight at once: they wait on the database, not on a provider.
    let databaseWidth = 8

    /// The user's bot, created stopped with the defaults on first use.
    func bot(of userID: UUID, on db: any Database) async throws -> Bot {
        if let bot = try await Bot.query(on: db).filter(\.$user.$id == userID).first() { return bot }
        let bot = Bot(userID: userID, symbol: defaultSymbol, intervalMinutes: defaultInterval,
                      engine: engines.llm == nil ? EngineKind.rules.rawValue : EngineKind.llm.rawValue)
        do {
            try await bot.create(on: db)
            return bot
        } catch {
            // Two first requests raced: the other one created it.
            guard let bot = try await Bot.query(on: db).filter(\.$user.$id == userID).first() else { throw error }
            return bot
        }
    }

    /// What one cycle did, for logs, metrics and the benchmark.
    struct CycleReport: Sendable {
        var decided = 0
        var traded = 0
        var failed = 0
        var paused = 0
        var duplicates = 0
    }

    /// Runs the claimed cycle of every bot in `bots` (all claimed by `instance`).
    func runCycle(_ bots: [Bot], instance: String, context: ActionContext) async -> CycleReport {
        var report = CycleReport()
        let now = Self.milliseconds(context.now)
        var loaded: [Symbol: Result<MarketView, MarketView.Failure>] = [:]
        for symbol in Set(bots.compactMap { try? Symbol($0.symbol) }) {
            do {
                loaded[symbol] = .success(try await MarketView.load(
                    symbol, hub: hub, maxPriceAgeMilliseconds: maxPriceAgeMilliseconds, feeRate: trader.feeRate, now: now,
                    db: context.db))
            } catch {
                loaded[symbol] = .failure(error)
            }
        }
        let views = loaded
        let accounts: [UUID: BotAccount]
        do { accounts = try await BotAccount.load(bots.map { $0.$user.id }, on: context.db) } catch {
            context.logger.error("bot cycle: accounts could not be loaded: \(String(reflecting: error))")
            return report
        }

        let results = await withTaskGroup(of: (Int, Result<BotTrader.Outcome, any Error>?).self) { group in
            var results = [Result<BotTrader.Outcome, any Error>?](repeating: nil, count: bots.count)
            var running = 0
            let width = bots.contains { $0.engineKind == .llm } ? max(databaseWidth, 1024) : databaseWidth
            for (index, bot) in bots.enumerated() {
                if running >= width, let (done, result) = await group.next() {
                    results[done] = result
                    running -= 1
                }
                running += 1
                group.addTask {
                    guard let symbol = try? Symbol(bot.symbol), case .success(let view) = views[symbol],
                          let account = accounts[bot.$user.id], let cycle = bot.nextRun
                    else { return (index, nil) }
                    let decide: @Sendable () async throws -> BotTrader.Outcome = {
                        try await trader.decide(
                            bot: bot, view: view, account: account, trigger: .schedule(cycle: cycle), execute: true,
                            idempotencyKey: "bot-\(bot.id!.uuidString)-\(cycle)", context: context)
                    }
                    do {
                        let outcome = bot.engineKind == .llm ? try await llmLimit.run(decide) : try await decide()
                        return (index, .success(outcome))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for await (done, result) in group { results[done] = result }
            return results
        }

        var finished: [(bot: Bot, row: AIDecision, pause: String?)] = []
        var cashAfterTrade: [UUID: Money] = [:]
        for (bot, result) in zip(bots, results) {
            let cycle = bot.nextRun ?? now
            bot.lastRun = now
            bot.claimedBy = nil
            bot.claimedUntil = nil
            var pause: String?
            let row: AIDecision
            switch result {
            case .success(let outcome)?:
                row = outcome.row
                AppMetrics.decision(engine: outcome.record.engine.rawValue, outcome: outcome.record.error == nil ? "ok" : "failed",
                                    duration: outcome.record.latency)
                if let placed = outcome.placed {
                    report.traded += 1
                    cashAfterTrade[bot.$user.id] = placed.cash
                }
                if let error = outcome.record.error {
                    report.failed += 1
                    bot.consecutiveFailures += 1
                    if bot.consecutiveFailures >= maxConsecutiveFailures {
                        pause = "the \(bot.engine) engine failed \(bot.consecutiveFailures) times in a row; the last error: \(error)"
                    }
                } else {
                    bot.consecutiveFailures = 0
                }
                if let note = outcome.dailyLossPause {
                    pause = note.message
                    bot.pausedUntil = BotTrader.nextUTCDay(after: now)
                }
            case .failure(let error)?:
                AppMetrics.decision(engine: bot.engine, outcome: "failed", duration: nil)
                report.failed += 1
                bot.consecutiveFailures += 1
                row = DecisionRow.unavailable(bot: bot, trigger: .schedule(cycle: cycle), code: "cycle_failed",
                                              message: "the cycle failed: \(String(describing: error))")
                context.logger.error("bot cycle failed", metadata: ["bot": .string(bot.id?.uuidString ?? "-"),
                                                                   "error": .string(String(reflecting: error))])
            case nil:
                let failure: String = {
                    guard let symbol = try? Symbol(bot.symbol) else { return "the bot's symbol \(bot.symbol) is invalid" }
                    if case .failure(let failure) = views[symbol] { return failure.description }
                    return "no portfolio"
                }()
                row = DecisionRow.unavailable(bot: bot, trigger: .schedule(cycle: cycle), code: "market_unavailable",
                                              message: failure)
                AppMetrics.decision(engine: bot.engine, outcome: "market_unavailable", duration: nil)
            }
            report.decided += 1
            if let pause {
                bot.status = BotStatus.paused.rawValue
                bot.pausedReason = pause
                report.paused += 1
            }
            bot.nextRun = nextRun(for: bot, cycle: cycle, now: now)
            finished.append((bot, row, pause))
        }
        report.duplicates = await store(finished.map { ($0.bot, $0.row) }, instance: instance, context: context)
        for (bot, row, pause) in finished where row.id != nil {
            await exits.update(bot)
            await notices.decision(row, bot: bot)
            if let cash = cashAfterTrade[bot.$user.id] { await notices.portfolio(userID: bot.$user.id, cash: cash) }
            if pause != nil { await notices.botChanged(bot, engines: engines) }
            await notices.mail(after: row, bot: bot, paused: pause, on: context.db, logger: context.logger)
        }
        return report
    }

    /// The next due time: the next slot on the bot's grid, later while it keeps failing (2, 4, 8… intervals,
    /// at most a day), none once it paused.
    private func nextRun(for bot: Bot, cycle: Int64, now: Int64) -> Int64? {
        guard bot.botStatus == .running else { return bot.pausedUntil }
        let next = bot.nextCycle(after: cycle, now: now)
        guard bot.consecutiveFailures > 0 else { return next }
        let interval = Int64(bot.intervalMinutes) * 60_000
        let backoff = min(interval << min(Int64(bot.consecutiveFailures), 16), 86_400_000)
        return max(next, now + backoff)
    }

    /// Stores the decision rows and the bots' new schedule in one transaction; a cycle already recorded
    /// (another instance took over a lapsed claim) is skipped. Returns how many were duplicates.
    private func store(_ finished: [(Bot, AIDecision)], instance: String, context: ActionContext) async -> Int {
        do {
            try await context.db.writeTransaction { db in
                try await DecisionRow.insert(finished.map(\.1), at: context.now, on: db)
                for (bot, _) in finished { try await Self.saveSchedule(bot, instance: instance, on: db) }
            }
            return 0
        } catch {
            // One row at a time, so one duplicate cycle does not lose the others.
            var duplicates = 0
            for (bot, row) in finished {
                row.id = nil
                row.$id.exists = false
                do {
                    if let cycle = row.cycle, try await AIDecision.query(on: context.db).filter(\.$user.$id == bot.$user.id)
                        .filter(\.$cycle == cycle).first() != nil {
                        duplicates += 1
                    } else {
                        try await row.create(on: context.db)
                    }
                    try await Self.saveSchedule(bot, instance: instance, on: context.db)
                } catch {
                    row.id = nil
                    context.logger.error("bot decision not stored: \(String(reflecting: error))")
                }
            }
            return duplicates
        }
    }

    /// Writes what a cycle changed on the bot, if this instance still holds its claim (a lapsed claim taken
    /// over by another instance is theirs to finish). Settings the user changed meanwhile are left alone.
    private static func saveSchedule(_ bot: Bot, instance: String, on db: any Database) async throws {
        // Plain SQL: Fluent's query builder reflects over the model's thirty fields on every update, which was
        // most of a cycle's cost at 10,000 bots.
        guard let sql = db as? any SQLDatabase else { return }
        var query = tradingState(of: bot, sql.update(Bot.schema))
            .set("next_run_ms", to: bot.nextRun).set("last_run_ms", to: bot.lastRun)
            .set("claimed_by", to: SQLLiteral.null).set("claimed_until_ms", to: SQLLiteral.null)
            .set("consecutive_failures", to: bot.consecutiveFailures)
        if bot.botStatus == .paused {
            query = query.set("status", to: bot.status).set("paused_reason", to: bot.pausedReason)
                .set("paused_until_ms", to: bot.pausedUntil)
        }
        try await query.where("id", .equal, bot.id!).where("claimed_by", .equal, instance).run()
    }

    /// What a decision changes on the bot whatever triggered it: its last trade, the day's starting equity,
    /// the exit plan of its position.
    private static func tradingState(of bot: Bot, _ update: SQLUpdateBuilder) -> SQLUpdateBuilder {
        update.set("last_trade_ms", to: bot.lastTrade)
            .set("day_start_date", to: bot.dayStartDate).set("day_start_equity", to: bot.dayStartEquityUnits)
            .set("exit_stop_loss", to: bot.exitStopLossUnits).set("exit_take_profit", to: bot.exitTakeProfitUnits)
            .set("exit_invalidation", to: bot.exitInvalidation)
    }

    /// Decides now for the user's bot, outside the schedule; executes the allowed order only if asked.
    func analyze(
        _ bot: Bot, symbol: Symbol, execute: Bool, idempotencyKey: String?, context: ActionContext
    ) async throws -> AIDecision {
        let now = Self.milliseconds(context.now)
        let view: MarketView
        do {
            view = try await MarketView.load(symbol, hub: hub, maxPriceAgeMilliseconds: maxPriceAgeMilliseconds,
                                             feeRate: trader.feeRate, now: now, db: context.db)
        } catch {
            throw Problem(.serviceUnavailable, type: "market-unavailable", title: "Market data unavailable",
                          detail: "No decision can be made now: \(error.description).", reason: "market_unavailable")
        }
        guard let account = try await BotAccount.load([bot.$user.id], on: context.db)[bot.$user.id] else {
            throw Problem.noPortfolio
        }
        let outcome = try await trader.decide(bot: bot, view: view, account: account, trigger: .manual, execute: execute,
                                              idempotencyKey: idempotencyKey, context: context)
        try await context.db.writeTransaction { db in
            try await outcome.row.create(on: db)
            guard let sql = db as? any SQLDatabase else { return }
            try await Self.tradingState(of: bot, sql.update(Bot.schema)).where("id", .equal, bot.id!).run()
        }
        await notices.decision(outcome.row, bot: bot)
        if let placed = outcome.placed { await notices.portfolio(userID: bot.$user.id, cash: placed.cash) }
        await notices.mail(after: outcome.row, bot: bot, paused: nil, on: context.db, logger: context.logger)
        return outcome.row
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}
