import DraizerAI
import DraizerCore
import Foundation

/// Validates a settings change and applies it to the bot, all or nothing: every invalid field is reported
/// together, and nothing changes unless all are valid.
enum BotSettings {
    static func apply(
        _ body: BotSettingsRequest, raw: [String: JSONValue], to bot: Bot, liveSymbols: [Symbol], llmAvailable: Bool
    ) throws {
        var invalid: [Problem.InvalidParam] = []
        for (key, fields) in [("risk", BotSettingsRequest.Risk.fields), ("notify", BotSettingsRequest.Notify.fields)] {
            guard let value = raw[key] else { continue }
            guard case .object(let object) = value else {
                invalid.append(.init(name: key, reason: "must be an object"))
                continue
            }
            for unknown in Set(object.keys).subtracting(fields).sorted() {
                invalid.append(.init(name: "\(key).\(unknown)", reason: "is not accepted here"))
            }
        }
        var symbol: Symbol?
        if let text = body.symbol {
            do { symbol = try self.symbol(text, liveSymbols: liveSymbols) } catch let problem as Problem {
                invalid += problem.invalidParams
            }
        }
        if let minutes = body.intervalMinutes, !(1...1440).contains(minutes) {
            invalid.append(.init(name: "interval_minutes", reason: "must be 1–1440"))
        }
        var engine: EngineKind?
        if let text = body.engine {
            engine = EngineKind(rawValue: text.lowercased())
            if engine == nil { invalid.append(.init(name: "engine", reason: "must be llm or rules")) }
        }
        let risk = body.risk
        let positionBps = risk?.maxPositionPct.flatMap { basisPoints($0, name: "risk.max_position_pct", range: 1...10_000, into: &invalid) }
        var maxOrder: Money?
        if let text = risk?.maxOrderUsd?.text {
            if let money = try? Money(text), money.isPositive, money <= Money(1_000_000_000) { maxOrder = money } else {
                invalid.append(.init(name: "risk.max_order_usd", reason: "must be a positive amount up to 1000000000"))
            }
        }
        if let confidence = risk?.minConfidence, !(0...100).contains(confidence) {
            invalid.append(.init(name: "risk.min_confidence", reason: "must be 0–100"))
        }
        if let cooldown = risk?.cooldownMinutes, !(0...10_080).contains(cooldown) {
            invalid.append(.init(name: "risk.cooldown_minutes", reason: "must be 0–10080"))
        }
        var dailyLoss: Int??
        if case .object(let object)? = raw["risk"], let value = object["daily_loss_limit_pct"] {
            if value == .null {
                dailyLoss = .some(nil)
            } else if let decimal = risk?.dailyLossLimitPct,
                      let bps = basisPoints(decimal, name: "risk.daily_loss_limit_pct", range: 1...10_000, into: &invalid) {
                dailyLoss = .some(bps)
            }
        }
        guard invalid.isEmpty else {
            throw Problem.validation("The bot settings are invalid: "
                                     + invalid.map { "\($0.name) \($0.reason)" }.joined(separator: "; ") + ".", params: invalid)
        }
        if engine == .llm, !llmAvailable {
            throw Problem(.badRequest, type: "validation", title: "Invalid request",
                          detail: "This server has no LLM API key (DEEPSEEK_API_KEY): only the rules engine is available.",
                          invalidParams: [.init(name: "engine", reason: "the LLM engine is not configured")], reason: "llm_unavailable")
        }
        if let symbol { bot.symbol = symbol.rawValue }
        if let minutes = body.intervalMinutes { bot.intervalMinutes = minutes }
        if let engine { bot.engine = engine.rawValue }
        if let positionBps { bot.maxPositionBasisPoints = positionBps }
        if let maxOrder { bot.maxOrderUnits = maxOrder.units }
        if let confidence = risk?.minConfidence { bot.minConfidence = confidence }
        if let cooldown = risk?.cooldownMinutes { bot.cooldownMinutes = cooldown }
        if let dailyLoss { bot.dailyLossLimitBasisPoints = dailyLoss }
        if let require = risk?.requireStopLoss { bot.requireStopLoss = require }
        if let notify = body.notify {
            if let value = notify.trades { bot.notifyTrades = value }
            if let value = notify.guardrails { bot.notifyGuardrails = value }
            if let value = notify.pauses { bot.notifyPauses = value }
        }
    }

    static func symbol(_ text: String, liveSymbols: [Symbol]) throws -> Symbol {
        let allowed = liveSymbols.map(\.rawValue).joined(separator: ", ")
        guard let symbol = try? Symbol(text), liveSymbols.contains(symbol) else {
            throw Problem.validation("symbol must be one of the live symbols: \(allowed).",
                                     params: [.init(name: "symbol", reason: "must be one of \(allowed)")])
        }
        return symbol
    }

    /// A percentage with at most two decimals as basis points (`"2.5"` → 250).
    private static func basisPoints(
        _ value: FlexibleDecimal, name: String, range: ClosedRange<Int>, into invalid: inout [Problem.InvalidParam]
    ) -> Int? {
        let reason = "must be a percentage above 0 and at most 100, with at most two decimals"
        guard let ratio = try? Money(value.text), ratio.units % 1_000_000 == 0 else {
            invalid.append(.init(name: name, reason: reason))
            return nil
        }
        let bps = ratio.units / 1_000_000
        guard let result = Int(exactly: bps), range.contains(result) else {
            invalid.append(.init(name: name, reason: reason))
            return nil
        }
        return result
    }
}
