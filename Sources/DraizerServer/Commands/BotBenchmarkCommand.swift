import DraizerCore
import Fluent
import Foundation
import Vapor

/// `draizer bot-benchmark --bots N --engine rules|llm`: fills an empty database with N users, each with a
/// portfolio and a running bot due now, runs one scheduler pass over them exactly as the server would,
/// and prints how long it took. For `make bench`; refuses a database that already has users, so it can
/// never touch real accounts.
struct BotBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "bots", help: "how many bots (default 1000)")
        var bots: Int?
        @Option(name: "engine", help: "rules or llm (default rules)")
        var engine: String?
    }

    var help: String { "Measures one bot cycle over N bots on an empty database (make bench)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard try await User.query(on: app.db).count() == 0 else {
            throw Abort(.conflict, reason: "bot-benchmark only runs on an empty database (it creates its own users)")
        }
        guard let scheduler = app.botScheduler else { throw Abort(.internalServerError, reason: "no scheduler") }
        let count = max(1, signature.bots ?? 1000)
        let engine = signature.engine ?? "rules"
        guard ["rules", "llm"].contains(engine) else { throw Abort(.badRequest, reason: "engine must be rules or llm") }
        let now = app.wallClock.now()
        let nowMs = BotService.milliseconds(now)
        let seeding = ContinuousClock.now
        for start in stride(from: 0, to: count, by: 500) {
            let range = start..<min(start + 500, count)
            let users = range.map { User(email: "bench\($0)@example.com", username: "bench\($0)", hashedPassword: "-") }
            try await users.create(on: app.db)
            let portfolios = try users.map { Portfolio(userID: try $0.requireID(), initialBalance: app.config.initialBalance, now: now) }
            try await portfolios.create(on: app.db)
            let bots = try users.map { user in
                let bot = Bot(userID: try user.requireID(), symbol: app.config.defaultTradingSymbol, intervalMinutes: 15, engine: engine)
                bot.status = BotStatus.running.rawValue
                bot.nextRun = nowMs
                return bot
            }
            try await bots.create(on: app.db)
        }
        let seeded = ContinuousClock.now - seeding
        let started = ContinuousClock.now
        let report = try await scheduler.runDue(app: app, now: now)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        context.console.print(String(
            format: #"{"bots": %d, "engine": "%@", "seconds": %.3f, "decided": %d, "traded": %d, "failed": %d, "seed_seconds": %.1f, "rss_mib": %.1f}"#,
            count, engine, seconds, report.decided, report.traded, report.failed,
            Double(seeded.components.seconds), Self.residentMiB()))
    }

    /// The process's resident memory, from /proc.
    static func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib / 1024
    }
}
