import DraizerAI
import DraizerCore
import Fluent
import Foundation
import SQLKit

/// Turns a decision record into its `ai_decisions` row: everything the engine saw and said, and what the
/// guardrails and the venue made of it.
enum DecisionRow {
    static func make(
        _ record: DecisionRecord, snapshot: MarketSnapshot, userID: UUID, trigger: BotTrigger, executed: Bool,
        transactionID: UUID?, executionError: String?
    ) -> AIDecision {
        let row = AIDecision()
        row.$user.id = userID
        row.symbol = snapshot.symbol.rawValue
        row.action = record.decision.action.rawValue.uppercased()
        row.confidence = record.decision.confidence
        row.reasoning = record.decision.reasoning
        row.suggestedAmountUnits = record.decision.amount?.units
        row.stopLossUnits = record.decision.exitPlan.stopLoss?.units
        row.takeProfitUnits = record.decision.exitPlan.takeProfit?.units
        row.invalidation = record.decision.exitPlan.invalidation.isEmpty ? nil : record.decision.exitPlan.invalidation
        row.engine = record.engine.rawValue
        row.model = record.model
        row.prompt = record.prompt.map { promptJSON($0) }
        row.rawResponse = record.rawAnswer
        row.reasoningContent = record.reasoningContent
        row.marketSnapshot = snapshotJSON(snapshot)
        row.guardrailNotes = record.riskVerdict.map { notesJSON($0.notes) }
        row.latencyMilliseconds = Int(record.latency.components.seconds * 1000
                                      + record.latency.components.attoseconds / 1_000_000_000_000_000)
        let llm = record.engine == .llm && record.attempts > 0
        row.promptTokens = llm ? record.usage.promptTokens : nil
        row.completionTokens = llm ? record.usage.completionTokens : nil
        row.cachedTokens = llm ? record.usage.cacheHitTokens : nil
        row.costUnits = record.cost?.units
        row.executed = executed
        row.$transaction.id = transactionID
        row.error = record.error.map(\.description) ?? executionError
        row.errorCode = record.error?.code ?? (executionError == nil ? nil : "execution_failed")
        row.trigger = trigger.name
        row.priceUnits = snapshot.price.price.units
        row.source = snapshot.source.rawValue
        row.verdict = verdictName(record.riskVerdict)
        row.attempts = record.attempts
        row.cycle = trigger.cycle
        return row
    }

    static func verdictName(_ verdict: RiskVerdict?) -> String {
        switch verdict {
        case nil, .noTrade: "no_trade"
        case .allow: "allow"
        case .adjust: "adjust"
        case .block: "block"
        }
    }

    static func notesJSON(_ notes: [RiskNote]) -> String {
        json(notes.map { ["rule": $0.rule.rawValue, "message": $0.message] })
    }

    static func promptJSON(_ prompt: Prompt) -> String {
        json(["system": prompt.system, "user": prompt.user])
    }

    /// The market and account as the engine saw them, as a JSON object (decimals as strings, like the API).
    static func snapshotJSON(_ s: MarketSnapshot) -> String {
        func readings(_ r: IndicatorSnapshot) -> [String: Any] {
            var out: [String: Any] = ["candles": r.candleCount]
            if let v = r.ema20 { out["ema20"] = v }
            if let v = r.ema50 { out["ema50"] = v }
            if let v = r.rsi14 { out["rsi14"] = v }
            if let v = r.atr14 { out["atr14"] = v }
            if let m = r.macd { out["macd"] = ["macd": m.macd, "signal": m.signal, "histogram": m.histogram] }
            if let b = r.bollinger { out["bollinger"] = ["lower": b.lower, "middle": b.middle, "upper": b.upper] }
            return out
        }
        var object: [String: Any] = [
            "symbol": s.symbol.rawValue, "price": s.price.price.description, "price_observed_at": s.price.observedAt,
            "source": s.source.rawValue, "fee_rate": s.feeRate.description,
            "indicators_15m": readings(s.indicators15m), "indicators_4h": readings(s.indicators4h),
            "candles_15m": s.candles15m.count, "candles_4h": s.candles4h.count,
            "position": ["quantity": s.position.quantity.description,
                         "average_entry_price": s.position.averageEntryPrice.description,
                         "unrealized_pnl": s.position.unrealizedPnL.description],
            "cash": s.cash.description, "equity": s.equity.description,
            "recent_decisions": s.recentDecisions.count,
        ]
        if let change = s.change24h { object["change_24h"] = change.description }
        if let volume = s.volume24h { object["volume_24h"] = volume.description }
        if let last = s.candles15m.last {
            object["last_15m_candle"] = ["open_time": last.openTime, "open": last.open.description, "high": last.high.description,
                                         "low": last.low.description, "close": last.close.description]
        }
        return json(object)
    }

    static func json(_ value: Any) -> String {
        // Unsorted: sorting keys (locale-aware string comparison) cost more than the rest of a decision.
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension DecisionRow {
    /// A HOLD recorded without asking the engine: the market or the account could not be read.
    static func unavailable(bot: Bot, trigger: BotTrigger, code: String, message: String) -> AIDecision {
        let row = AIDecision()
        row.$user.id = bot.$user.id
        row.symbol = bot.symbol
        row.action = DecisionAction.hold.rawValue
        row.confidence = 0
        row.reasoning = "No decision: \(message)."
        row.engine = bot.engine
        row.marketSnapshot = "{}"
        row.latencyMilliseconds = 0
        row.executed = false
        row.error = message
        row.errorCode = code
        row.trigger = trigger.name
        row.verdict = "no_trade"
        row.attempts = 0
        row.cycle = trigger.cycle
        return row
    }
}

extension DecisionRow {
    private static let columns = [
        "id", "user_id", "symbol", "action", "confidence", "reasoning", "suggested_amount_usd", "stop_loss", "take_profit",
        "invalidation", "engine", "model", "prompt", "raw_response", "market_snapshot", "guardrail_notes", "latency_ms",
        "prompt_tokens", "completion_tokens", "cached_tokens", "cost_usd", "executed", "transaction_id", "error",
        "created_at", "trigger", "price", "source", "verdict", "error_code", "reasoning_content", "attempts", "cycle_ms",
    ]

    /// Inserts `rows` in multi-row statements and marks them stored (id and creation time set). Plain SQL,
    /// because Fluent's per-model reflection cost more than the decisions themselves at 10,000 bots.
    static func insert(_ rows: [AIDecision], at now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else {
            for row in rows { try await row.create(on: db) }
            return
        }
        for row in rows {
            if row.id == nil { row.id = UUID() }
            row.createdAt = now
        }
        // 33 columns a row: 25 rows a statement stays under SQLite's limit of bound parameters.
        for start in stride(from: 0, to: rows.count, by: 25) {
            let chunk = rows[start..<min(start + 25, rows.count)]
            var insert = sql.insert(into: AIDecision.schema).columns(columns)
            for row in chunk {
                let values: [any Encodable & Sendable] = [
                    row.id, row.$user.id, row.symbol, row.action, row.confidence, row.reasoning, row.suggestedAmountUnits,
                    row.stopLossUnits, row.takeProfitUnits, row.invalidation, row.engine, row.model, row.prompt,
                    row.rawResponse, row.marketSnapshot, row.guardrailNotes, row.latencyMilliseconds, row.promptTokens,
                    row.completionTokens, row.cachedTokens, row.costUnits, row.executed, row.$transaction.id, row.error,
                    now, row.trigger, row.priceUnits, row.source, row.verdict, row.errorCode, row.reasoningContent,
                    row.attempts, row.cycle,
                ]
                insert = insert.values(values.map { SQLBind($0) })
            }
            try await insert.run()
        }
    }
}
