import Vapor

func routes(_ app: Application, config: AppConfig, market: MarketWiring) async throws {
    try app.register(collection: HealthController(config: config))

    let api = app.grouped("api", "v1")
        .chained(RateLimitMiddleware(scope: "all", limit: config.rateLimitPerMinute, store: app.services.rateLimits))
    let auth = api.chained(RateLimitMiddleware(scope: "auth", limit: config.rateLimitAuthPerMinute, store: app.services.strictRateLimits))
    try auth.register(collection: AuthController())
    try api.register(collection: UsersController())
    try api.register(collection: MarketController(hub: market.hub, maxPriceAgeMilliseconds: Int64(config.maxPriceAgeSeconds) * 1000))
    try api.register(collection: TradingController(
        trading: market.trading, liveSymbols: await market.hub.liveSymbols, marketSource: market.hub.source.kind))
    try api.register(collection: PortfolioController(trading: market.trading))
    try api.register(collection: ExchangeKeysController())
    try api.register(collection: StreamController(stream: market.stream, market: market.hub))
    try api.register(collection: DocsController())
    try api.register(collection: AIController(
        bots: market.scheduler.service, liveSymbols: await market.hub.liveSymbols,
        analyzeLimit: RateLimitMiddleware(scope: "ai-analyze", limit: config.aiAnalyzePerMinute, store: app.services.strictRateLimits)))
}
