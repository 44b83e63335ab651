/// What made a decision happen.
enum BotTrigger: Sendable, Equatable {
    /// The scheduled cycle due at this time (epoch ms): recorded at most once per bot.
    case schedule(cycle: Int64)
    /// `POST /api/v1/ai/analyze`.
    case manual
    /// A stop-loss or take-profit reached between cycles.
    case exit(ExitReasonName)

    enum ExitReasonName: String, Sendable { case stopLoss = "stop_loss", takeProfit = "take_profit" }

    var name: String {
        switch self {
        case .schedule: "schedule"
        case .manual: "manual"
        case .exit(let reason): reason.rawValue
        }
    }

    var cycle: Int64? {
        if case .schedule(let cycle) = self { return cycle }
        return nil
    }
}
