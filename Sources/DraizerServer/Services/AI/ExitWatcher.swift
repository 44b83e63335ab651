import DraizerAI
import DraizerCore
import DraizerMarket
import Fluent
import Foundation
import SQLKit
import Vapor

/// Watches every price tick for the stop-losses and take-profits of the positions bots hold, so a position
/// is closed when its level is reached, not at the next cycle. The levels live in the `bots` rows; this
/// actor keeps them in memory by symbol, reloads them regularly (other instances change them too), and
/// hands a reached level to `fire`, whose conditional update makes it fire once across instances.
actor ExitWatcher {
    struct Watch: Sendable, Equatable {
        let botID: UUID
        let stopLoss: Price?
        let takeProfit: Price?

        /// The levels `bot` holds now, nil when it watches none.
        init?(_ bot: Bot) {
            guard let id = bot.id, bot.exitStopLossUnits != nil || bot.exitTakeProfitUnits != nil else { return nil }
            botID = id
            stopLoss = bot.exitStopLossUnits.map(Price.init(units:))
            takeProfit = bot.exitTakeProfitUnits.map(Price.init(units:))
        }
    }

    private var watches: [Symbol: [UUID: Watch]] = [:]
    /// Bots whose exit is being executed, and when a failed one may be tried again.
    private var busy: Set<UUID> = []
    private var retryAfter: [UUID: Int64] = [:]

    /// Replaces the watches with the levels stored now.
    func reload(on db: any Database) async throws {
        let bots = try await Bot.query(on: db).group(.or) { $0.filter(\.$exitStopLossUnits != nil).filter(\.$exitTakeProfitUnits != nil) }.all()
        var fresh: [Symbol: [UUID: Watch]] = [:]
        for bot in bots {
            guard let watch = Watch(bot), let symbol = try? Symbol(bot.symbol) else { continue }
            fresh[symbol, default: [:]][watch.botID] = watch
        }
        watches = fresh
    }

    /// Takes a bot's current levels at once, without waiting for the next reload.
    func update(_ bot: Bot) {
        guard let id = bot.id else { return }
        for key in watches.keys { watches[key]?[id] = nil }
        guard let watch = Watch(bot), let symbol = try? Symbol(bot.symbol) else { return }
        watches[symbol, default: [:]][id] = watch
    }

    /// The watches a tick at `price` reaches, marked busy so the next ticks do not fire them again.
    func reached(_ symbol: Symbol, price: Price, now: Int64) -> [(Watch, ExitTrigger.Reason)] {
        guard let candidates = watches[symbol] else { return [] }
        var hits: [(Watch, ExitTrigger.Reason)] = []
        for watch in candidates.values where !busy.contains(watch.botID) && (retryAfter[watch.botID] ?? 0) <= now {
            if let stop = watch.stopLoss, price <= stop {
                hits.append((watch, .stopLoss))
            } else if let take = watch.takeProfit, price >= take {
                hits.append((watch, .takeProfit))
            }
        }
        for (watch, _) in hits { busy.insert(watch.botID) }
        return hits
    }

    /// Ends the work on a bot's exit; a failed one waits before it may fire again.
    func done(_ botID: UUID, failedAt: Int64?) {
        busy.remove(botID)
        if let failedAt {
            retryAfter[botID] = failedAt + 30_000
        } else {
            retryAfter[botID] = nil
            for key in watches.keys { watches[key]?[botID] = nil }
        }
    }

    var watchedCount: Int { watches.values.reduce(0) { $0 + $1.count } }
}

extension BotService {
    /// Sells the whole position of the bot whose `reason` level `watch` reached at `price`: claims the exit
    /// (the levels are cleared only if they are still the ones seen, so one instance wins), sells through
    /// the trading service, records the decision and tells the user. A sale that fails puts the levels back
    /// so a later tick tries again. Returns whether a sale was booked.
    @discardableResult
    func fire(_ watch: ExitWatcher.Watch, reason: ExitTrigger.Reason, price: ReferencePrice, context: ActionContext) async throws -> Bool {
        guard let sql = context.db as? any SQLDatabase else { return false }
        func level(_ column: String, _ value: Price?) -> SQLQueryString {
            value.map { "\(ident: column) = \(bind: $0.units)" } ?? "\(ident: column) IS NULL"
        }
        let claimed = try await sql.raw("""
            UPDATE bots SET exit_stop_loss = NULL, exit_take_profit = NULL
            WHERE id = \(bind: watch.botID) AND \(level("exit_stop_loss", watch.stopLoss)) AND \(level("exit_take_profit", watch.takeProfit))
            RETURNING id
            """).all()
        guard !claimed.isEmpty, let bot = try await Bot.find(watch.botID, on: context.db) else { return false }
        let symbol = try Symbol(bot.symbol)
        let levelPrice = (reason == .stopLoss ? watch.stopLoss : watch.takeProfit) ?? price.price
        guard let account = try await BotAccount.load([bot.$user.id], on: context.db)[bot.$user.id] else { return false }
        let position = account.state.position(symbol)
        guard position.isOpen else { return false }
        let trigger = ExitTrigger(reason: reason, level: levelPrice, price: price.price,
                                  order: .sell(symbol, quantity: position.quantity))
        var placed: TradingService.Placed?
        var failure: String?
        do {
            placed = try await trader.trading.place(
                trigger.order, userID: bot.$user.id, source: reason.rawValue,
                idempotencyKey: "exit-\(watch.botID.uuidString)-\(levelPrice.units)-\(position.quantity.units)", context: context)
        } catch let problem as Problem {
            failure = "the order was not executed: \(problem.detail ?? problem.title)"
            // Put the levels back for a later tick (unless something else set new ones meanwhile).
            try await Bot.query(on: context.db).filter(\.$id == watch.botID)
                .filter(\.$exitStopLossUnits == nil).filter(\.$exitTakeProfitUnits == nil)
                .set(\.$exitStopLossUnits, to: watch.stopLoss?.units).set(\.$exitTakeProfitUnits, to: watch.takeProfit?.units)
                .update()
        }
        let row = DecisionRow.exit(bot: bot, trigger: trigger, source: hub.source.kind.rawValue, placed: placed, failure: failure)
        try await row.create(on: context.db)
        if placed != nil {
            try await Bot.query(on: context.db).filter(\.$id == watch.botID)
                .set(\.$lastTrade, to: BotService.milliseconds(context.now)).set(\.$exitInvalidation, to: nil).update()
            bot.setExitPlan(nil)
        }
        await notices.decision(row, bot: bot)
        if let placed { await notices.portfolio(userID: bot.$user.id, cash: placed.cash) }
        await notices.mail(after: row, bot: bot, paused: nil, on: context.db, logger: context.logger)
        if let failure { throw ExitFailure(message: failure) }
        return placed != nil
    }

    struct ExitFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Feeds every price tick of `events` to `watcher` and fires what it reaches, for as long as the
    /// stream runs; reloads the levels every `reloadSeconds` so other instances' changes are seen.
    func watchExits(_ watcher: ExitWatcher, events: AsyncStream<MarketEvent>, app: Application, reloadSeconds: Int = 5) async {
        var lastReload: Int64?
        for await event in events {
            guard case .price(let tick) = event else { continue }
            let now = BotService.milliseconds(app.wallClock.now())
            if lastReload.map({ now - $0 >= Int64(reloadSeconds) * 1000 }) ?? true {
                do { try await watcher.reload(on: app.db) } catch {
                    app.logger.warning("exit levels not reloaded: \(String(describing: error))")
                }
                lastReload = now
            }
            for (watch, reason) in await watcher.reached(tick.symbol, price: tick.price, now: now) {
                let price = ReferencePrice(price: tick.price, observedAt: now)
                Task {
                    do {
                        try await fire(watch, reason: reason, price: price, context: app.backgroundContext(label: "exit-watcher"))
                        await watcher.done(watch.botID, failedAt: nil)
                    } catch {
                        app.logger.warning("exit not executed: \(String(describing: error))", metadata: ["bot": .string(watch.botID.uuidString)])
                        await watcher.done(watch.botID, failedAt: BotService.milliseconds(app.wallClock.now()))
                    }
                }
            }
        }
    }
}

extension DecisionRow {
    /// The record of a stop-loss or take-profit: a SELL the guardrail made, not the engine.
    static func exit(bot: Bot, trigger: ExitTrigger, source: String, placed: TradingService.Placed?, failure: String?) -> AIDecision {
        let row = AIDecision()
        row.$user.id = bot.$user.id
        row.symbol = bot.symbol
        row.action = DecisionAction.sell.rawValue
        row.confidence = 100
        row.reasoning = trigger.note.message.prefix(1).uppercased() + trigger.note.message.dropFirst() + "."
        row.stopLossUnits = trigger.reason == .stopLoss ? trigger.level.units : nil
        row.takeProfitUnits = trigger.reason == .takeProfit ? trigger.level.units : nil
        row.engine = bot.engine
        row.marketSnapshot = json(["symbol": bot.symbol, "price": trigger.price.description, "level": trigger.level.description,
                                   "source": source])
        row.guardrailNotes = notesJSON([trigger.note])
        row.latencyMilliseconds = 0
        row.executed = placed != nil
        row.$transaction.id = placed?.transaction.id
        row.error = failure
        row.errorCode = failure == nil ? nil : "execution_failed"
        row.trigger = trigger.reason.rawValue
        row.priceUnits = trigger.price.units
        row.source = source
        row.verdict = "allow"
        row.attempts = 0
        return row
    }
}
