import DraizerAI
import DraizerCore
import Fluent
import Foundation
import Vapor

/// One decision of one bot, from the snapshot to the order: ask the engine, let the guardrails judge,
/// execute what they allow, and describe it all in a decision row. The scheduler, the on-demand analysis
/// and the tests all come through here, so every decision is made and recorded the same way.
struct BotTrader: Sendable {
    let trading: TradingService
    let engines: BotEngines
    let feeRate: Ratio

    /// What one decision came to; the caller stores the row and the bot.
    struct Outcome: Sendable {
        let row: AIDecision
        let record: DecisionRecord
        let placed: TradingService.Placed?
        /// Why the bot must pause (the daily loss limit), if it must.
        let dailyLossPause: RiskNote?
    }

    /// Decides for `bot` on `view` and `account`, executing the allowed order when `execute` is true.
    /// Mutates `bot` (day-start equity, last trade, exit plan); the caller saves it.
    func decide(
        bot: Bot, view: MarketView, account: BotAccount, trigger: BotTrigger, execute: Bool, idempotencyKey: String?,
        context: ActionContext
    ) async throws -> Outcome {
        let limits = try bot.riskLimits()
        let now = Int64((context.now.timeIntervalSince1970 * 1000).rounded(.down))
        let price = view.base.price.price
        var marks = await trading.marks(for: account.state)
        marks[view.symbol] = price
        let equity = account.state.equity(marks: marks) ?? account.state.cash
        let today = Self.utcDay(now)
        if bot.dayStartDate != today || bot.dayStartEquityUnits == nil {
            bot.dayStartDate = today
            bot.dayStartEquityUnits = equity.units
        }
        let position = account.state.position(view.symbol)
        let recent = bot.engineKind == .llm
            ? try await Self.recentDecisions(of: bot.$user.id, position: position, price: price, on: context.db) : []
        let snapshot = view.base.forAccount(
            position: PositionSnapshot(position, at: price), cash: account.state.cash, equity: equity, limits: limits,
            recentDecisions: recent)
        let policy = RiskPolicy(limits: limits)
        let riskContext = RiskContext(snapshot: snapshot, now: now, dayStartEquity: Money(units: bot.dayStartEquityUnits ?? equity.units),
                                      lastTradeAt: bot.lastTrade)

        var record: DecisionRecord
        let pause = policy.dailyLossPause(riskContext)
        if let pause {
            // The limit is reached: the engine (and its cost) is not consulted until the next UTC day.
            record = DecisionRecord(decision: .hold(reasoning: "No decision: \(pause.message)."), engine: bot.engineKind,
                                    model: bot.engineKind == .llm ? engines.model : nil, latency: .zero, cost: .zero,
                                    attempts: 0, riskVerdict: .block(pause))
        } else if let engine = engines.engine(bot.engineKind) {
            record = await engine.decide(snapshot).checked(by: policy, context: riskContext)
        } else {
            let error = DecisionError.notConfigured("this server has no LLM API key (DEEPSEEK_API_KEY); choose the rules engine")
            record = DecisionRecord(decision: .hold(reasoning: "No trade: \(error)."), engine: .llm, latency: .zero,
                                    cost: nil, error: error, attempts: 0, riskVerdict: RiskVerdict.noTrade)
        }

        var placed: TradingService.Placed?
        var executionError: String?
        if execute, let order = record.riskVerdict?.order {
            do {
                placed = try await trading.place(order, userID: bot.$user.id, source: "bot", idempotencyKey: idempotencyKey,
                                                 context: context)
            } catch let problem as Problem {
                executionError = "the order was not executed: \(problem.detail ?? problem.title)"
            }
        }
        if let placed {
            bot.lastTrade = now
            let holding = (try? Quantity(placed.position.quantity))?.isZero == false
            if !holding {
                bot.setExitPlan(nil)
            } else if record.decision.action == .buy {
                bot.setExitPlan(Self.protective(record.decision.exitPlan))
            }
        } else if position.isOpen, Self.protective(record.decision.exitPlan) != nil,
                  record.decision.exitPlan.isConsistent(withLongAt: price), record.error == nil {
            // A later decision may move the stops of the position it keeps.
            bot.setExitPlan(record.decision.exitPlan)
        }
        let row = DecisionRow.make(
            record, snapshot: snapshot, userID: bot.$user.id, trigger: trigger, executed: placed != nil,
            transactionID: placed?.transaction.id, executionError: executionError)
        return Outcome(row: row, record: record, placed: placed, dailyLossPause: pause)
    }

    /// The plan, if it has a level to watch.
    private static func protective(_ plan: ExitPlan) -> ExitPlan? {
        plan.stopLoss == nil && plan.takeProfit == nil ? nil : plan
    }

    /// Made once: every decision of a cycle asks for the day.
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func utcDay(_ epochMilliseconds: Int64) -> String {
        let days = epochMilliseconds / 86_400_000
        let parts = utc.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(days * 86_400)))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The start of the next UTC day after `epochMilliseconds`.
    static func nextUTCDay(after epochMilliseconds: Int64) -> Int64 {
        (epochMilliseconds / 86_400_000 + 1) * 86_400_000
    }

    /// The bot's last decisions with what came of them, oldest first, for the LLM to learn from.
    static func recentDecisions(
        of userID: UUID, position: PositionState, price: Price, limit: Int = 5, on db: any Database
    ) async throws -> [PastDecision] {
        let rows = try await AIDecision.query(on: db).filter(\.$user.$id == userID)
            .sort(\.$createdAt, .descending).limit(limit).all()
        let transactionIDs = rows.compactMap { $0.$transaction.id }
        let transactions = transactionIDs.isEmpty ? [] : try await PortfolioTransaction.query(on: db)
            .filter(\.$id ~~ transactionIDs).all()
        let byID = Dictionary(uniqueKeysWithValues: transactions.compactMap { row in row.id.map { ($0, row) } })
        var past: [PastDecision] = []
        for row in rows.reversed() {
            guard let action = DecisionAction(rawValue: row.action) else { continue }
            let outcome: PastDecision.Outcome
            if action == .hold {
                outcome = .held
            } else if !row.executed {
                outcome = .notExecuted(reason: row.error ?? (row.guardrailNotes.flatMap(firstNote) ?? "blocked"))
            } else if let id = row.$transaction.id, let trade = byID[id], let realized = trade.realizedPnLUnits {
                outcome = .closed(realizedPnL: Money(units: realized))
            } else if position.isOpen, position.symbol.rawValue == row.symbol {
                outcome = .open(unrealizedPnL: position.unrealizedPnL(at: price))
            } else {
                // A buy whose position has been closed since: the first sell after it says how it ended.
                let sell = try await PortfolioTransaction.query(on: db).filter(\.$user.$id == userID)
                    .filter(\.$symbol == row.symbol).filter(\.$side == "sell")
                    .filter(\.$createdAt >= (row.createdAt ?? Date.distantPast)).sort(\.$createdAt).first()
                outcome = .closed(realizedPnL: Money(units: sell?.realizedPnLUnits ?? 0))
            }
            let amount = row.$transaction.id.flatMap { byID[$0] }.map { Money(units: $0.quoteAmountUnits) }
                ?? row.suggestedAmountUnits.map(Money.init(units:))
            past.append(PastDecision(
                decidedAt: Int64((row.createdAt ?? Date()).timeIntervalSince1970 * 1000), action: action,
                confidence: row.confidence, amount: amount, price: Price(units: row.priceUnits ?? 0), outcome: outcome))
        }
        return past
    }

    private static func firstNote(_ json: String) -> String? {
        guard let data = json.data(using: .utf8),
              let notes = try? JSONSerialization.jsonObject(with: data) as? [[String: String]] else { return nil }
        return notes.first.flatMap { note in note["message"].map { "\(note["rule"] ?? "guardrail"): \($0)" } }
    }
}
