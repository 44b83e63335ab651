import DraizerAI
import DraizerCore
import Fluent
import Vapor

/// `/api/v1/ai`: the user's bot (settings, start, stop), on-demand analysis, and the decision feed.
struct AIController: RouteCollection {
    let bots: BotService
    /// Symbols with a live feed: a bot needs ticks for its stop-loss, so only these can be traded by it.
    let liveSymbols: [Symbol]
    let analyzeLimit: RateLimitMiddleware

    func boot(routes: any RoutesBuilder) throws {
        let ai = routes.grouped("ai").chained(AccessTokenMiddleware(allowsPendingMFA: false))
        ai.get("bot", use: show)
        ai.put("bot", use: update)
        ai.post("bot", "start", use: start)
        ai.post("bot", "stop", use: stop)
        ai.chained(analyzeLimit).post("analyze", use: analyze)
        ai.get("decisions", use: decisions)
        ai.get("decisions", ":decisionID", use: decision)
    }

    @Sendable func show(req: Request) async throws -> BotResponse {
        BotResponse(try await bots.bot(of: try req.caller.userID, on: req.db), engines: bots.engines)
    }

    @Sendable func update(req: Request) async throws -> BotResponse {
        let body = try req.decodeStrict(BotSettingsRequest.self)
        let raw = try req.content.decode([String: JSONValue].self)
        let bot = try await bots.bot(of: try req.caller.userID, on: req.db)
        try BotSettings.apply(body, raw: raw, to: bot, liveSymbols: liveSymbols, llmAvailable: bots.engines.llm != nil)
        try await bot.save(on: req.db)
        await bots.notices.botChanged(bot, engines: bots.engines)
        return BotResponse(bot, engines: bots.engines)
    }

    @Sendable func start(req: Request) async throws -> BotResponse {
        let bot = try await bots.bot(of: try req.caller.userID, on: req.db)
        if bot.engineKind == .llm, bots.engines.llm == nil { throw Problem.llmUnavailable }
        if bot.botStatus != .running {
            bot.status = BotStatus.running.rawValue
            bot.pausedReason = nil
            bot.pausedUntil = nil
            bot.consecutiveFailures = 0
            // The first cycle runs at the scheduler's next look.
            bot.nextRun = BotService.milliseconds(req.now)
            try await bot.save(on: req.db)
            await bots.notices.botChanged(bot, engines: bots.engines)
        }
        return BotResponse(bot, engines: bots.engines)
    }

    @Sendable func stop(req: Request) async throws -> BotResponse {
        let bot = try await bots.bot(of: try req.caller.userID, on: req.db)
        if bot.botStatus != .stopped {
            bot.status = BotStatus.stopped.rawValue
            bot.pausedReason = nil
            bot.pausedUntil = nil
            bot.nextRun = nil
            try await bot.save(on: req.db)
            await bots.notices.botChanged(bot, engines: bots.engines)
        }
        return BotResponse(bot, engines: bots.engines)
    }

    @Sendable func analyze(req: Request) async throws -> Response {
        let body: AnalyzeRequest = req.headers.contentType == nil && (req.body.data?.readableBytes ?? 0) == 0
            ? AnalyzeRequest(symbol: nil, execute: nil) : try req.decodeStrict(AnalyzeRequest.self)
        let bot = try await bots.bot(of: try req.caller.userID, on: req.db)
        let symbol = try BotSettings.symbol(body.symbol ?? bot.symbol, liveSymbols: liveSymbols)
        if bot.engineKind == .llm, bots.engines.llm == nil { throw Problem.llmUnavailable }
        let row = try await bots.analyze(bot, symbol: symbol, execute: body.execute ?? false,
                                         idempotencyKey: try TradingController.idempotencyKey(req), context: req.actionContext)
        await bots.exits.update(bot)
        return try await DecisionDetailResponse(row).encodeResponse(status: .created, for: req)
    }

    @Sendable func decisions(req: Request) async throws -> Page<DecisionResponse> {
        let filters = try req.query.decode(DecisionFilters.self)
        var query = AIDecision.query(on: req.db).filter(\.$user.$id == (try req.caller.userID))
        if let action = filters.action {
            guard let parsed = DecisionAction(rawValue: action.uppercased()) else {
                throw Problem.validation("action must be BUY, SELL or HOLD.", params: [.init(name: "action", reason: "must be BUY, SELL or HOLD")])
            }
            query = query.filter(\.$action == parsed.rawValue)
        }
        if let engine = filters.engine {
            guard let kind = EngineKind(rawValue: engine.lowercased()) else {
                throw Problem.validation("engine must be llm or rules.", params: [.init(name: "engine", reason: "must be llm or rules")])
            }
            query = query.filter(\.$engine == kind.rawValue)
        }
        if let trigger = filters.trigger {
            guard ["schedule", "manual", "stop_loss", "take_profit"].contains(trigger) else {
                throw Problem.validation("trigger must be schedule, manual, stop_loss or take_profit.",
                                         params: [.init(name: "trigger", reason: "must be schedule, manual, stop_loss or take_profit")])
            }
            query = query.filter(\.$trigger == trigger)
        }
        if let executed = filters.executed { query = query.filter(\.$executed == executed) }
        if let symbol = filters.symbol { query = query.filter(\.$symbol == (try QueryFilters.symbol(symbol)).rawValue) }
        query = try QueryFilters.timeRange(query, \.$createdAt, from: filters.from, to: filters.to)
        return try await QueryFilters.page(query, \.$createdAt, page: filters.page, perPage: filters.perPage, DecisionResponse.init)
    }

    @Sendable func decision(req: Request) async throws -> DecisionDetailResponse {
        guard let id = req.parameters.get("decisionID", as: UUID.self),
              let row = try await AIDecision.query(on: req.db).filter(\.$id == id)
                .filter(\.$user.$id == (try req.caller.userID)).first()
        else {
            throw Problem(.notFound, type: "not-found", title: "Not found", detail: "No such decision.")
        }
        return DecisionDetailResponse(row)
    }
}
