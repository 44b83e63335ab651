import DraizerAI
import DraizerCore
import Foundation

extension Bot {
    /// The stored guardrails as the core's limits. Values are validated when the user saves them, so
    /// failing here means the row was edited behind the API's back.
    func riskLimits() throws -> RiskLimits {
        do {
            return try RiskLimits(
                maxPositionShare: Ratio(basisPoints: Int64(maxPositionBasisPoints)), maxOrderAmount: Money(units: maxOrderUnits),
                minConfidence: minConfidence, cooldownMilliseconds: Int64(cooldownMinutes) * 60_000,
                maxDailyLossShare: dailyLossLimitBasisPoints.map { Ratio(basisPoints: Int64($0)) },
                requireStopLoss: requireStopLoss)
        } catch {
            throw Problem(.internalServerError, type: "internal", detail: "The bot's stored limits are invalid: \(error)")
        }
    }

    var engineKind: EngineKind { EngineKind(rawValue: engine) ?? .rules }

    var botStatus: BotStatus { BotStatus(rawValue: status) ?? .stopped }

    var exitPlan: ExitPlan? {
        guard exitStopLossUnits != nil || exitTakeProfitUnits != nil else { return nil }
        return try? ExitPlan(stopLoss: exitStopLossUnits.map(Price.init(units:)),
                             takeProfit: exitTakeProfitUnits.map(Price.init(units:)), invalidation: exitInvalidation ?? "")
    }

    /// Remembers the exit plan of the position the bot holds, or forgets it.
    func setExitPlan(_ plan: ExitPlan?) {
        exitStopLossUnits = plan?.stopLoss?.units
        exitTakeProfitUnits = plan?.takeProfit?.units
        exitInvalidation = plan.flatMap { $0.invalidation.isEmpty ? nil : $0.invalidation }
    }

    /// The next due time on the bot's grid after `cycle`, skipping the ones already missed: a server that was
    /// down for an hour runs one cycle when it comes back, not four.
    func nextCycle(after cycle: Int64, now: Int64) -> Int64 {
        let interval = Int64(intervalMinutes) * 60_000
        let next = cycle + interval
        guard next <= now else { return next }
        return now + interval - (now - cycle) % interval
    }
}
