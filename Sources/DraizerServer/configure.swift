import AsyncHTTPClient
import DraizerAI
import DraizerCore
import DraizerMarket
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Builds the application from a validated configuration. Production and the tests both come through
/// here, so what is tested is what runs.
public func configure(_ app: Application, config: AppConfig) async throws {
    JSONCoding.installed
    app.storage[AppConfigKey.self] = ConfigBox(config)
    app.logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    // No endpoint takes more than a few KiB; a small cap bounds the memory one request can pin.
    app.routes.defaultMaxBodySize = "64kb"
    // Our MetricsMiddleware reports requests under draizer_* names; Vapor's own copies would double them.
    app.http.server.configuration.reportMetrics = false

    let caches = try configureDatabase(app, config: config)
    caches.installEvictions(on: app)
    app.migrations.add(Migrations.all)
    app.services = try await makeServices(app, config: config, caches: caches)
    let market = try await startMarket(app, config: config)

    // Outermost first: request id and security headers on every answer, CORS before anything can fail,
    // the audit line after the outcome is known, then our error shape.
    var middlewares: [any Middleware] = [app.inFlightRequests, MetricsMiddleware(), RequestIDMiddleware(), SecurityHeadersMiddleware()]
    if !config.corsOrigins.isEmpty {
        middlewares.append(CORSMiddleware(configuration: .init(
            allowedOrigin: .any(config.corsOrigins), allowedMethods: [.GET, .POST, .PUT, .PATCH, .DELETE, .OPTIONS],
            allowedHeaders: [.accept, .authorization, .contentType, .origin, "X-CSRF-Token", "Idempotency-Key", .xRequestId],
            allowCredentials: true, cacheExpiration: 600, exposedHeaders: [.xRequestId, "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"])))
    }
    middlewares += [AuditMiddleware(), ProblemMiddleware()]
    app.middleware = .chained(middlewares)
    if let web = config.webDirectory, FileManager.default.fileExists(atPath: web + "/index.html") {
        try app.register(collection: WebAppController(directory: web))
    } else {
        app.logger.notice("no web app at \(config.webDirectory ?? "-") (build it with scripts/build-web): serving the API only")
    }

    app.storage[TradingServiceKey.self] = market.trading
    app.storage[MarketHubKey.self] = market.hub
    app.storage[BotSchedulerKey.self] = market.scheduler
    try await routes(app, config: config, market: market)
    if let registry = app.storage[MetricsRegistryKey.self] {
        try app.register(collection: MetricsController(registry: registry, token: config.metricsToken, market: market.hub,
                                                       stream: market.stream))
    }
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(HashBenchmarkCommand(), as: "hash-benchmark")
    app.asyncCommands.use(KeysCommand(), as: "keys")
    app.asyncCommands.use(BotBenchmarkCommand(), as: "bot-benchmark")
}

/// The market hub on the configured source, and the trading service that prices orders with it.
private func startMarket(_ app: Application, config: AppConfig) async throws -> MarketWiring {
    let clock = MarketClock(now: { [app] in Int64((app.wallClock.now().timeIntervalSince1970 * 1000).rounded(.down)) },
                            sleep: { try await Task.sleep(for: $0) })
    let source = try await MarketSourceFactory.make(config, clock: clock, logger: app.logger)
    let hub = MarketHub(source: source, clock: clock, logger: app.logger)
    try await hub.start(symbols: config.marketLiveUpdates ? [config.defaultTradingSymbol] : [])
    app.lifecycle.use(MarketHubShutdown(hub: hub))
    let execution = PaperExecution(
        fees: FeeModel(basisPoints: Int64(config.tradingFeeBasisPoints)),
        slippage: SlippageModel(basisPoints: Int64(config.slippageBasisPoints)),
        maxPriceAgeMilliseconds: Int64(config.maxPriceAgeSeconds) * 1000)
    let stream = StreamHub()
    let marketEvents = await hub.subscribe()
    app.lifecycle.use(StreamHubLifecycle(stream: stream, pump: Task { await stream.pump(from: marketEvents) }))
    let closedCandles = await hub.subscribe()
    app.lifecycle.use(CandleRecorder(task: Task { [app] in
        await CandleCache.record(closedCandlesFrom: closedCandles, source: source.kind, on: app.db, logger: app.logger)
    }))
    let trading = TradingService(
        prices: hub, execution: execution,
        venues: [PaperVenue(), BinanceTestnetVenue(client: try makeOrderClient(app, config, clock: clock))],
        locks: KeyedLock(), caches: app.services.caches, bookings: .forDatabase(of: app), stream: stream)
    app.lifecycle.use(EquitySnapshotLoop(service: EquitySnapshotService(
        trading: trading, interval: TimeInterval(config.equitySnapshotMinutes * 60))))
    let scheduler = try await startBots(app, config: config, hub: hub, trading: trading, stream: stream)
    return MarketWiring(hub: hub, trading: trading, stream: stream, scheduler: scheduler)
}

/// The bot service, its scheduler and the stop-loss watcher.
private func startBots(
    _ app: Application, config: AppConfig, hub: MarketHub, trading: TradingService, stream: StreamHub
) async throws -> BotScheduler {
    // Its own client: the shared one keeps 8 connections per host, which would cap the LLM calls in flight
    // far below AI_LLM_CONCURRENCY.
    var clientConfiguration = HTTPClient.Configuration()
    clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60),
                                               concurrentHTTP1ConnectionsPerHostSoftLimit: config.aiLLMConcurrency)
    let llmClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    app.lifecycle.use(HTTPClientShutdown(client: llmClient))
    let engines = BotEngines(configuration: config.llm, httpClient: llmClient, logger: app.logger)
    let exits = ExitWatcher()
    let service = BotService(
        hub: hub, trader: BotTrader(trading: trading, engines: engines, feeRate: Ratio(basisPoints: Int64(config.tradingFeeBasisPoints))),
        engines: engines, notices: BotNotices(stream: stream, mailer: app.services.mailer),
        defaultSymbol: config.defaultTradingSymbol, defaultInterval: config.aiDecisionIntervalMinutes,
        maxConsecutiveFailures: config.aiMaxConsecutiveFailures,
        maxPriceAgeMilliseconds: Int64(config.maxPriceAgeSeconds) * 1000,
        llmLimit: AsyncSemaphore(config.aiLLMConcurrency), exits: exits)
    let instance = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    let scheduler = BotScheduler(service: service, instance: instance, leaseMilliseconds: Int64(config.aiCycleLeaseSeconds) * 1000)
    app.lifecycle.use(BotSchedulerLoop(scheduler: scheduler, pollSeconds: config.aiSchedulerPollSeconds))
    let ticks = await hub.subscribe()
    app.lifecycle.use(ExitWatcherLifecycle(task: Task { [app] in
        await service.watchExits(exits, events: ticks, app: app)
    }))
    return scheduler
}

/// Closes the LLM client's connections when the server stops.
private struct HTTPClientShutdown: LifecycleHandler {
    let client: HTTPClient
    func shutdownAsync(_ application: Application) async { try? await client.shutdown() }
}

/// Stops watching stop-losses when the server stops.
private struct ExitWatcherLifecycle: LifecycleHandler {
    let task: Task<Void, Never>
    func shutdownAsync(_ application: Application) async { task.cancel() }
}

/// Stops persisting streamed candles when the server stops.
private struct CandleRecorder: LifecycleHandler {
    let task: Task<Void, Never>
    func shutdownAsync(_ application: Application) async { task.cancel() }
}

/// Closes every browser stream when the server stops.
private struct StreamHubLifecycle: LifecycleHandler {
    let stream: StreamHub
    let pump: Task<Void, Never>

    func shutdownAsync(_ application: Application) async {
        pump.cancel()
        await stream.closeAll()
    }
}

/// The one signed Binance client every testnet order goes through (it keeps the clock offset and the rate
/// limits they share). `BINANCE_API_URL` points it elsewhere (tests use a fake exchange) only while
/// `BINANCE_TESTNET` is on: with live market data it still goes to Spot Testnet, never to the live exchange.
private func makeOrderClient(_ app: Application, _ config: AppConfig, clock: MarketClock) throws -> BinanceOrderClient {
    let configuration = try BinanceConfiguration(testnet: true, restURL: config.binanceTestnet ? config.binanceAPIURL : nil)
    // A short connect timeout: an unreachable exchange must fail an order in seconds, not hold the
    // portfolio's lock for the whole request deadline while connections are retried.
    var clientConfiguration = HTTPClient.Configuration()
    clientConfiguration.timeout = .init(connect: .seconds(2), read: .seconds(15))
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    app.lifecycle.use(HTTPClientShutdown(client: client))
    return BinanceOrderClient(configuration: configuration, httpClient: client, clock: clock, logger: app.logger)
}

struct MarketWiring {
    let hub: MarketHub
    let trading: TradingService
    let stream: StreamHub
    let scheduler: BotScheduler
}

private struct MarketHubShutdown: LifecycleHandler {
    let hub: MarketHub
    func shutdownAsync(_ application: Application) async {
        await hub.stop()
    }
}

private func makeServices(_ app: Application, config: AppConfig, caches: AppCaches) async throws -> AppServices {
    var argon2Parameters = Argon2id.Parameters()
    argon2Parameters.memoryKiB = UInt32(config.passwordHashMemoryKiB)
    let passwords = PasswordHasher(
        argon2: try Argon2id(parameters: argon2Parameters),
        limits: .init(concurrency: config.passwordHashConcurrency, queueLimit: config.passwordHashQueue),
        logger: app.logger)
    app.lifecycle.use(PasswordHasherShutdown(hasher: passwords))
    // Every API request passes the general limit; the login and analysis limits see few requests and
    // must be exact across instances.
    let (rateLimits, strictRateLimits): (any RateLimitStore, any RateLimitStore) = switch config.database {
    case .sqlite: (InMemoryRateLimitStore(), InMemoryRateLimitStore())
    case .postgres: (SharedRateLimitStore(database: app.db), SQLRateLimitStore(database: app.db))
    }
    let mailer: any Mailer = if let smtp = config.smtp {
        BackgroundMailer(
            upstream: try SMTPMailer(settings: SMTPSettings(host: smtp.host, port: smtp.port, username: smtp.username,
                                                            password: smtp.password, from: smtp.from, startTLS: smtp.startTLS),
                                     logger: app.logger),
            logger: app.logger)
    } else {
        OutboxMailer(database: app.db, logger: app.logger)
    }
    return AppServices(
        tokens: await TokenService(secret: config.secrets.secretKey, clock: WallClock { [app] in app.wallClock.now() }),
        passwords: passwords,
        secretBox: try SecretBox(currentKey: config.secrets.encryptionKey, previousKeys: config.secrets.previousEncryptionKeys),
        rateLimits: rateLimits,
        strictRateLimits: strictRateLimits,
        mailer: mailer,
        caches: caches)
}

private struct PasswordHasherShutdown: LifecycleHandler {
    let hasher: PasswordHasher
    func shutdownAsync(_ application: Application) async {
        try? await hasher.shutdown()
    }
}

private func configureDatabase(_ app: Application, config: AppConfig) throws -> AppCaches {
    switch config.database {
    case .sqlite(let path):
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        app.lifecycle.use(SQLiteWriteAheadLog())
        // One process owns the file: every change passes through this process's evictions.
        return AppCaches(live: true)
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        if let schema = config.postgresSchema {
            postgres.searchPath = [schema]
            app.lifecycle.use(PostgresSchemaBootstrap(schema: schema))
        }
        // Named, so the metrics can count this instance's connections in pg_stat_activity.
        let perEventLoop = 4
        let pool = DatabasePool(name: DatabasePool.name(), maxConnections: perEventLoop * Array(app.eventLoopGroup.makeIterator()).count)
        postgres.coreConfiguration.options.additionalStartupParameters.append(("application_name", pool.name))
        app.storage[DatabasePool.Key.self] = pool
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: perEventLoop), as: .psql)
        let caches = AppCaches(live: false)
        app.lifecycle.use(ChangeListener(configuration: postgres, caches: caches))
        return caches
    }
}

/// Write-ahead logging lets readers and the single writer proceed at the same time (the default rollback
/// journal makes every read wait for a writer). The mode is stored in the file, so once is enough.
private struct SQLiteWriteAheadLog: LifecycleHandler {
    func willBootAsync(_ app: Application) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
}

/// Creates `POSTGRES_SCHEMA` (and turns on SQLite's write-ahead log) before migrations run; boot does it
/// again, harmlessly, for commands that migrate after booting.
public func prepareDatabase(_ app: Application, config: AppConfig) async throws {
    guard let sql = app.db as? any SQLDatabase else { return }
    if let schema = config.postgresSchema {
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    } else if case .sqlite = config.database {
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
}

/// Creates `POSTGRES_SCHEMA` before anything (migrations included) touches the database.
private struct PostgresSchemaBootstrap: LifecycleHandler {
    let schema: String

    func willBootAsync(_ app: Application) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
}

/// The configuration in a box: requests read single settings from it (`config.trustProxy`), and a struct of
/// some sixty fields stored directly was copied out whole, every field retained, on each such read.
final class ConfigBox: Sendable {
    let config: AppConfig
    init(_ config: AppConfig) { self.config = config }
}

struct AppConfigKey: StorageKey {
    typealias Value = ConfigBox
}

extension Application {
    /// The configuration the application was built with.
    public var config: AppConfig {
        guard let box = storage[AppConfigKey.self] else { fatalError("configure(_:config:) was not called") }
        return box.config
    }
}

struct MarketHubKey: StorageKey {
    typealias Value = MarketHub
}

struct TradingServiceKey: StorageKey {
    typealias Value = TradingService
}

struct BotSchedulerKey: StorageKey {
    typealias Value = BotScheduler
}

extension Application {
    /// The trading service, for commands and tests that work outside a request.
    var tradingService: TradingService? { storage[TradingServiceKey.self] }

    /// The bot scheduler, for tests and benchmarks that run cycles themselves.
    var botScheduler: BotScheduler? { storage[BotSchedulerKey.self] }
}
