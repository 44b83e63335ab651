import DraizerAI
import DraizerCore
import Foundation

/// Every setting of the server, read once at start from the environment (and `.env`), validated, typed.
/// Nothing else in the code reads environment variables.
public struct AppConfig: Sendable {
    public var environment: AppEnvironment
    public var host: String
    public var port: Int
    /// Where development secrets, the SQLite file and other local state live.
    public var dataDirectory: String
    public var database: DatabaseConfig
    /// PostgreSQL schema to use instead of `public` (several deployments, or test runs, in one database).
    public var postgresSchema: String?
    public var autoMigrate: Bool
    public var logLevel: String
    /// `json` (one object per line; the production default) or `text`.
    public var logFormat: LogFormat
    public var secrets: SecretKeys

    public var binanceTestnet: Bool
    public var binanceAPIKey: String?
    public var binanceAPISecret: String?
    public var deepseekAPIKey: String?
    public var deepseekBaseURL: String
    public var deepseekModel: String

    public var mfaRequired: Bool
    public var passwordMinLength: Int
    public var maxLoginAttempts: Int
    public var lockoutDurationMinutes: Int
    public var rateLimitPerMinute: Int
    public var rateLimitAuthPerMinute: Int
    public var corsOrigins: [String]
    /// Behind nginx: take the client address from `X-Forwarded-For` and TLS from `X-Forwarded-Proto`.
    public var trustProxy: Bool
    /// Mark cookies `Secure` even when the request itself came over plain HTTP (TLS ends at the proxy).
    public var cookieSecure: Bool
    /// Concurrent Argon2 hashes (each ~64 MiB) and how many may wait before answering 503.
    public var passwordHashConcurrency: Int
    public var passwordHashQueue: Int
    /// Argon2id memory in KiB; the design's 64 MiB unless lowered for tests.
    public var passwordHashMemoryKiB: Int
    public var smtp: SMTPConfig?

    public var marketDataSource: MarketSourceSetting
    public var binanceAPIURL: String?
    public var binanceStreamURL: String?
    /// Orders refuse a price observed longer ago than this.
    public var maxPriceAgeSeconds: Int
    /// Whether the market hub subscribes to live updates (tests of stale prices turn it off).
    public var marketLiveUpdates: Bool
    public var simulationSeed: UInt64
    /// Days of history the simulated market generates at start (charts need some; tests need little).
    public var simulationHistoryDays: Int
    public var tradingFeeBasisPoints: Int
    public var slippageBasisPoints: Int
    /// Minutes between the equity snapshots taken besides those of trades.
    public var equitySnapshotMinutes: Int

    public var initialBalance: Money
    public var defaultTradingSymbol: Symbol
    public var aiDecisionIntervalMinutes: Int
    /// The LLM engine's settings (`DEEPSEEK_*`); without an API key bots use the rules engine.
    public var llm: LLMConfiguration
    /// LLM requests in flight at once across all bots of this instance.
    public var aiLLMConcurrency: Int
    /// Consecutive failed decisions after which a bot pauses itself.
    public var aiMaxConsecutiveFailures: Int
    /// How often the scheduler looks for due bots; zero turns the scheduler off (tests drive cycles).
    public var aiSchedulerPollSeconds: Int
    /// How long a claimed cycle stays claimed before another instance may take it over.
    public var aiCycleLeaseSeconds: Int
    /// On-demand analyses a client may ask for per minute (each may cost an LLM call).
    public var aiAnalyzePerMinute: Int
    /// The built web app (`scripts/build-web`) served at `/`; when it holds no `index.html`, the API only.
    public var webDirectory: String?
    /// The bearer token `/metrics` wants; without one it answers loopback callers only.
    public var metricsToken: String?
    /// Where users reach the web app (`https://draizer.example.com`), for the links in mails; required in
    /// production, where the Host header cannot be trusted for it.
    public var publicURL: String?
    /// Each event loop on a CPU of its own (see `EventLoopPinning`); for hosts that run little else.
    public var pinEventLoops: Bool

    /// The longest password accepted: bounds the cost of hashing attacker-chosen input.
    public static let passwordMaxLength = 128

    /// Reads `values` (normally the process environment over `.env`). Missing development secrets are
    /// generated into `<DATA_DIR>/secrets.env`; production refuses to start without them.
    public static func load(from values: [String: String]) throws(ConfigError) -> AppConfig {
        let env = EnvironmentReader(values: values)
        let environmentName = env.string("ENVIRONMENT", default: "development").lowercased()
        guard let environment = AppEnvironment(rawValue: environmentName) else {
            throw ConfigError("ENVIRONMENT", "'\(environmentName)' is not one of development, testing, production")
        }
        let dataDirectory = env.string("DATA_DIR", default: "var")
        let initialBalance = try env.money("INITIAL_BALANCE_USD", default: Money(1000))
        guard initialBalance.isPositive, initialBalance <= Money(1_000_000_000) else {
            throw ConfigError("INITIAL_BALANCE_USD", "must be above 0 and at most 1000000000")
        }
        let deepseekBaseURL = env.string("DEEPSEEK_BASE_URL", default: "https://api.deepseek.com")
        try requireHTTPURL(deepseekBaseURL, variable: "DEEPSEEK_BASE_URL")
        let corsOrigins = try env.list("BACKEND_CORS_ORIGINS")
        for origin in corsOrigins { try requireHTTPURL(origin, variable: "BACKEND_CORS_ORIGINS") }
        let logLevel = env.string("LOG_LEVEL", default: "info").lowercased()
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw ConfigError("LOG_LEVEL", "'\(logLevel)' is not a log level (trace, debug, info, notice, warning, error, critical)")
        }
        let postgresSchema = env.string("POSTGRES_SCHEMA")
        if let schema = postgresSchema {
            guard schema.count <= 63, let first = schema.first, first.isLetter || first == "_",
                  schema.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
            else { throw ConfigError("POSTGRES_SCHEMA", "'\(schema)' must be a lower-case SQL identifier (a-z, 0-9, _)") }
        }
        let binanceKey = env.string("BINANCE_API_KEY"), binanceSecret = env.string("BINANCE_API_SECRET")
        guard (binanceKey == nil) == (binanceSecret == nil) else {
            throw ConfigError(binanceKey == nil ? "BINANCE_API_KEY" : "BINANCE_API_SECRET",
                              "BINANCE_API_KEY and BINANCE_API_SECRET must be set together")
        }

        let binanceAPIURL = env.string("BINANCE_API_URL")
        if let url = binanceAPIURL { try requireHTTPURL(url, variable: "BINANCE_API_URL") }
        let binanceStreamURL = env.string("BINANCE_STREAM_URL")
        if let url = binanceStreamURL {
            guard let parsed = URL(string: url), ["ws", "wss"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw ConfigError("BINANCE_STREAM_URL", "'\(url)' is not a ws(s) URL")
            }
        }
        var publicURL = env.string("PUBLIC_URL")
        if let url = publicURL {
            try requireHTTPURL(url, variable: "PUBLIC_URL")
            while publicURL?.hasSuffix("/") == true { publicURL?.removeLast() }
        }
        let llm: LLMConfiguration
        do { llm = try LLMConfiguration(environment: values) } catch { throw ConfigError(error.variable, error.reason) }
        let seedText = env.string("SIMULATION_SEED", default: "42")
        guard let seed = UInt64(seedText) else { throw ConfigError("SIMULATION_SEED", "'\(seedText)' is not a whole number ≥ 0") }

        let config = AppConfig(
            environment: environment,
            host: env.string("HOST", default: "127.0.0.1"),
            port: try env.int("PORT", default: 8080, range: 1...65535),
            dataDirectory: dataDirectory,
            database: try DatabaseConfig.resolve(env, dataDirectory: dataDirectory),
            postgresSchema: postgresSchema,
            autoMigrate: try env.bool("AUTO_MIGRATE", default: !environment.isProduction),
            logLevel: logLevel,
            logFormat: try logFormat(env, environment: environment),
            secrets: try SecretKeys.resolve(
                env, environment: environment,
                developmentStore: (dataDirectory as NSString).appendingPathComponent("secrets.env")),
            binanceTestnet: try env.bool("BINANCE_TESTNET", default: true),
            binanceAPIKey: binanceKey,
            binanceAPISecret: binanceSecret,
            deepseekAPIKey: env.string("DEEPSEEK_API_KEY"),
            deepseekBaseURL: deepseekBaseURL,
            deepseekModel: env.string("DEEPSEEK_MODEL", default: "deepseek-v4-flash"),
            mfaRequired: try env.bool("MFA_REQUIRED", default: true),
            passwordMinLength: try env.int("PASSWORD_MIN_LENGTH", default: 12, range: 8...passwordMaxLength),
            maxLoginAttempts: try env.int("MAX_LOGIN_ATTEMPTS", default: 5, range: 1...100),
            lockoutDurationMinutes: try env.int("LOCKOUT_DURATION_MINUTES", default: 30, range: 1...10_080),
            rateLimitPerMinute: try env.int("RATE_LIMIT_PER_MINUTE", default: 100, range: 1...1_000_000),
            rateLimitAuthPerMinute: try env.int("RATE_LIMIT_AUTH_PER_MINUTE", default: 10, range: 1...1_000_000),
            corsOrigins: corsOrigins,
            trustProxy: try env.bool("TRUST_PROXY", default: false),
            cookieSecure: try env.bool("COOKIE_SECURE", default: environment.isProduction),
            passwordHashConcurrency: try env.int("PASSWORD_HASH_CONCURRENCY", default: 1, range: 1...64),
            passwordHashQueue: try env.int("PASSWORD_HASH_QUEUE", default: 64, range: 0...10_000),
            passwordHashMemoryKiB: try env.int("PASSWORD_HASH_MEMORY_KIB", default: 65_536, range: 1024...1_048_576),
            smtp: try SMTPConfig.resolve(env),
            marketDataSource: try MarketSourceSetting.parse(env.string("MARKET_DATA_SOURCE", default: "auto")),
            binanceAPIURL: binanceAPIURL,
            binanceStreamURL: binanceStreamURL,
            maxPriceAgeSeconds: try env.int("MAX_PRICE_AGE_SECONDS", default: 60, range: 1...3600),
            marketLiveUpdates: try env.bool("MARKET_LIVE_UPDATES", default: true),
            simulationSeed: seed,
            simulationHistoryDays: try env.int("SIMULATION_HISTORY_DAYS", default: 30, range: 1...365),
            tradingFeeBasisPoints: try env.int("TRADING_FEE_BPS", default: 10, range: 0...1000),
            slippageBasisPoints: try env.int("SLIPPAGE_BPS", default: 5, range: 0...1000),
            equitySnapshotMinutes: try env.int("EQUITY_SNAPSHOT_MINUTES", default: 15, range: 1...1440),
            initialBalance: initialBalance,
            defaultTradingSymbol: try env.symbol("DEFAULT_TRADING_SYMBOL", default: "BTCUSDT"),
            aiDecisionIntervalMinutes: try env.int("AI_DECISION_INTERVAL_MINUTES", default: 15, range: 1...1440),
            llm: llm,
            aiLLMConcurrency: try env.int("AI_LLM_CONCURRENCY", default: 64, range: 1...1024),
            aiMaxConsecutiveFailures: try env.int("AI_MAX_CONSECUTIVE_FAILURES", default: 3, range: 1...100),
            aiSchedulerPollSeconds: try env.int("AI_SCHEDULER_POLL_SECONDS", default: 5, range: 0...3600),
            aiCycleLeaseSeconds: try env.int("AI_CYCLE_LEASE_SECONDS", default: 900, range: 10...86_400),
            aiAnalyzePerMinute: try env.int("AI_ANALYZE_PER_MINUTE", default: 10, range: 1...100_000),
            webDirectory: env.string("WEB_DIR", default: "web/dist"),
            metricsToken: env.string("METRICS_TOKEN"),
            publicURL: publicURL,
            pinEventLoops: try env.bool("PIN_EVENT_LOOPS", default: false)
        )
        if environment.isProduction, config.publicURL == nil {
            throw ConfigError("PUBLIC_URL", "is required in production (the address users open, e.g. https://draizer.example.com)")
        }
        return config
    }

    public enum LogFormat: String, Sendable { case json, text }

    private static func logFormat(_ env: EnvironmentReader, environment: AppEnvironment) throws(ConfigError) -> LogFormat {
        let text = env.string("LOG_FORMAT", default: environment.isProduction ? "json" : "text").lowercased()
        guard let format = LogFormat(rawValue: text) else { throw ConfigError("LOG_FORMAT", "'\(text)' is not json or text") }
        return format
    }

    private static func requireHTTPURL(_ text: String, variable: String) throws(ConfigError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else { throw ConfigError(variable, "'\(text)' is not an http(s) URL") }
    }
}
