import Foundation
import Testing
@testable import DraizerServer

@Suite("Configuration")
struct ConfigTests {
    /// A development environment in a private data directory, plus `extra`.
    private func load(_ extra: [String: String], in directory: TemporaryDirectory) throws -> AppConfig {
        try AppConfig.load(from: ["DATA_DIR": directory.path].merging(extra) { $1 })
    }

    private func error(_ extra: [String: String]) -> ConfigError? {
        let directory = try! TemporaryDirectory()
        defer { directory.remove() }
        do {
            _ = try load(extra, in: directory)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func defaultsMatchTheOriginalDesign() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try load([:], in: directory)
        #expect(config.environment == .development)
        #expect(config.passwordMinLength == 12)
        #expect(config.maxLoginAttempts == 5)
        #expect(config.lockoutDurationMinutes == 30)
        #expect(config.initialBalance.description == "1000")
        #expect(config.defaultTradingSymbol.rawValue == "BTCUSDT")
        #expect(config.aiDecisionIntervalMinutes == 15)
        #expect(config.rateLimitPerMinute == 100)
        #expect(config.rateLimitAuthPerMinute == 10)
        #expect(config.mfaRequired)
        #expect(config.binanceTestnet)
        #expect(config.deepseekModel == "deepseek-v4-flash")
        #expect(config.database == .sqlite(path: directory.path + "/draizer.sqlite"))
        #expect(config.autoMigrate)
        #expect(config.smtp == nil)
    }

    @Test(arguments: [
        ("PASSWORD_MIN_LENGTH", "twelve"),
        ("PASSWORD_MIN_LENGTH", "4"),
        ("MAX_LOGIN_ATTEMPTS", "0"),
        ("LOCKOUT_DURATION_MINUTES", "-1"),
        ("INITIAL_BALANCE_USD", "lots"),
        ("INITIAL_BALANCE_USD", "0"),
        ("INITIAL_BALANCE_USD", "1.123456789"),
        ("DEFAULT_TRADING_SYMBOL", "BTC/USDT"),
        ("AI_DECISION_INTERVAL_MINUTES", "0"),
        ("RATE_LIMIT_PER_MINUTE", "many"),
        ("RATE_LIMIT_AUTH_PER_MINUTE", "0"),
        ("MFA_REQUIRED", "maybe"),
        ("BINANCE_TESTNET", "2"),
        ("DEEPSEEK_BASE_URL", "ftp://api.deepseek.com"),
        ("BACKEND_CORS_ORIGINS", "not a url"),
        ("BACKEND_CORS_ORIGINS", "[\"http://ok.example\""),
        ("DATABASE_URL", "mysql://localhost/draizer"),
        ("DATABASE_URL", "sqlite://"),
        ("PORT", "70000"),
        ("ENVIRONMENT", "staging"),
        ("LOG_LEVEL", "loud"),
        ("POSTGRES_SCHEMA", "Robert'); DROP TABLE users;--"),
        ("SMTP_PORT", "smtp"),
        ("SMTP_FROM", "Draizer <bot@example.com>"),
        ("SMTP_FROM", "nobody"),
        ("SECRET_KEY", "too-short"),
    ])
    func invalidValueFailsNamingTheVariable(variable: String, value: String) {
        let failure = error([variable: value, "SMTP_HOST": "localhost"])
        #expect(failure?.variable == variable, "\(variable)=\(value) should be rejected")
        #expect(failure?.description.hasPrefix("\(variable): ") == true)
    }

    @Test func smtpCredentialsMustComeInPairs() {
        #expect(error(["SMTP_HOST": "mail.example.com", "SMTP_PASSWORD": "secret"])?.variable == "SMTP_USER")
    }

    @Test func binanceKeysMustComeInPairs() {
        #expect(error(["BINANCE_API_KEY": "abc"])?.variable == "BINANCE_API_SECRET")
    }

    @Test func productionRefusesToStartWithoutSecrets() {
        #expect(error(["ENVIRONMENT": "production"])?.variable == "SECRET_KEY")
        let secret = String(repeating: "s", count: 40)
        #expect(error(["ENVIRONMENT": "production", "SECRET_KEY": secret])?.variable == "ENCRYPTION_KEY")
    }

    @Test func productionRefusesThePlaceholderSecrets() throws {
        let example = try String(contentsOfFile: packageRoot() + "/.env.example", encoding: .utf8)
        let placeholders = DotEnv.parse(example)
        let strong = DevelopmentSecretStore.randomKey()
        let failure = error(["ENVIRONMENT": "production", "SECRET_KEY": placeholders["SECRET_KEY"] ?? "", "ENCRYPTION_KEY": strong])
        #expect(failure?.variable == "SECRET_KEY")
        #expect(failure?.reason.contains("placeholder") == true)
    }

    @Test func productionAcceptsExplicitStrongSecretsAndDoesNotAutoMigrate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try load([
            "ENVIRONMENT": "production",
            "SECRET_KEY": DevelopmentSecretStore.randomKey(),
            "ENCRYPTION_KEY": DevelopmentSecretStore.randomKey(),
            "PUBLIC_URL": "https://draizer.example.com/",
        ], in: directory)
        #expect(!config.autoMigrate)
        #expect(config.publicURL == "https://draizer.example.com")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/secrets.env"))
    }

    @Test func productionNeedsThePublicURLForItsMailLinks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ConfigError.self) {
            try load(["ENVIRONMENT": "production", "SECRET_KEY": DevelopmentSecretStore.randomKey(),
                      "ENCRYPTION_KEY": DevelopmentSecretStore.randomKey()], in: directory)
        }
    }

    @Test func developmentSecretsAreGeneratedOncePrivatelyAndSurviveARestart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try load([:], in: directory)
        let second = try load([:], in: directory)
        #expect(first.secrets == second.secrets)
        #expect(first.secrets.secretKey != first.secrets.encryptionKey)
        #expect(first.secrets.secretKey.utf8.count >= 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/secrets.env")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func anExplicitSecretWinsOverTheStoredOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stored = try load([:], in: directory)
        let explicit = DevelopmentSecretStore.randomKey()
        let config = try load(["SECRET_KEY": explicit], in: directory)
        #expect(config.secrets.secretKey == explicit)
        #expect(config.secrets.encryptionKey == stored.secrets.encryptionKey)
    }

    @Test func postgresIsBuiltFromItsParts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try load([
            "POSTGRES_SERVER": "db.internal", "POSTGRES_USER": "draizer", "POSTGRES_PASSWORD": "p@ss word",
            "POSTGRES_DB": "trading", "POSTGRES_PORT": "6543",
        ], in: directory)
        #expect(config.database == .postgres(url: "postgres://draizer:p%40ss%20word@db.internal:6543/trading?sslmode=prefer"))
    }

    @Test func databaseURLWinsOverPostgresParts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try load(["DATABASE_URL": "sqlite:///tmp/x.sqlite", "POSTGRES_SERVER": "db"], in: directory)
        #expect(config.database == .sqlite(path: "/tmp/x.sqlite"))
    }

    @Test func corsOriginsAcceptJSONAndCommaLists() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let json = try load(["BACKEND_CORS_ORIGINS": #"["http://localhost:5173", "https://app.example"]"#], in: directory)
        let comma = try load(["BACKEND_CORS_ORIGINS": "http://localhost:5173, https://app.example"], in: directory)
        #expect(json.corsOrigins == ["http://localhost:5173", "https://app.example"])
        #expect(comma.corsOrigins == json.corsOrigins)
    }

    @Test func dotEnvFileIsReadAndTheProcessEnvironmentWins() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/.env"
        try """
        # comment
        export PASSWORD_MIN_LENGTH=16
        INITIAL_BALANCE_USD="2500.50"
        MFA_REQUIRED=false # inline comment
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let values = DotEnv.merged(processEnvironment: ["DATA_DIR": directory.path, "MFA_REQUIRED": "true"], fileAt: path)
        let config = try AppConfig.load(from: values)
        #expect(config.passwordMinLength == 16)
        #expect(config.initialBalance.description == "2500.5")
        #expect(config.mfaRequired)
    }
}

/// The package root, found from this file's location, for tests that read committed files.
func packageRoot(filePath: String = #filePath) -> String {
    var url = URL(fileURLWithPath: filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
    }
    return FileManager.default.currentDirectoryPath
}
