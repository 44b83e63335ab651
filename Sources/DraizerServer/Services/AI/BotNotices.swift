import DraizerCore
import Fluent
import Foundation
import Logging

/// Tells the user what their bot did: on their open browser streams always, and by email for what they
/// opted in to (trades, guardrail stops, pauses). A notice that cannot be delivered is logged, never
/// allowed to fail the decision it describes.
struct BotNotices: Sendable {
    let stream: StreamHub?
    let mailer: any Mailer

    func decision(_ row: AIDecision, bot: Bot) async {
        guard let stream, stream.isWatching(bot.$user.id),
              let message = StreamMessage.event("decision", encoding: DecisionResponse(row)) else { return }
        await stream.publish(toUser: bot.$user.id, message)
    }

    func portfolio(userID: UUID, cash: Money) async {
        guard let stream, let message = StreamMessage.event("portfolio", ["cash": cash.description]) else { return }
        await stream.publish(toUser: userID, message)
    }

    func botChanged(_ bot: Bot, engines: BotEngines) async {
        guard let stream, let message = StreamMessage.event("bot", encoding: BotResponse(bot, engines: engines)) else { return }
        await stream.publish(toUser: bot.$user.id, message)
    }

    /// Emails for what happened in one decision, as the bot's opt-ins allow.
    func mail(after row: AIDecision, bot: Bot, paused reason: String?, on db: any Database, logger: Logger) async {
        var lines: [String] = []
        var subject: String?
        if row.executed, bot.notifyTrades {
            subject = "Draizer bot: \(row.action) \(row.symbol)"
            lines.append("Your bot executed a \(row.action) of \(row.symbol) at about \(Self.price(row)) USD.")
            lines.append("Reasoning: \(row.reasoning)")
        }
        if bot.notifyGuardrails, !row.executed, row.verdict == "block" || row.trigger == "stop_loss" || row.trigger == "take_profit" {
            subject = subject ?? "Draizer bot: a guardrail stopped an order"
            lines.append("A guardrail stopped your bot's \(row.action) of \(row.symbol): \(Self.notes(row)).")
        }
        if row.executed, bot.notifyGuardrails, row.trigger == "stop_loss" || row.trigger == "take_profit" {
            subject = "Draizer bot: \(row.trigger == "stop_loss" ? "stop-loss" : "take-profit") reached on \(row.symbol)"
            lines.append(row.reasoning)
        }
        if let reason, bot.notifyPauses {
            subject = subject ?? "Draizer bot paused"
            lines.append("Your bot paused itself: \(reason)")
            lines.append("Start it again from the Bot page when you are ready.")
        }
        guard let subject, !lines.isEmpty else { return }
        do {
            guard let user = try await User.find(bot.$user.id, on: db) else { return }
            lines.append("")
            lines.append("You receive this because of your bot's notification settings; change them on the Bot page.")
            try await mailer.send(MailMessage(to: user.email, subject: subject, body: lines.joined(separator: "\n")))
        } catch {
            logger.warning("bot notice not sent: \(String(describing: error))")
        }
    }

    private static func price(_ row: AIDecision) -> String {
        row.priceUnits.map { Money(units: $0).formatted(decimals: 2) } ?? "?"
    }

    private static func notes(_ row: AIDecision) -> String {
        DecisionResponse(row).guardrailNotes.map(\.message).joined(separator: "; ")
    }
}
