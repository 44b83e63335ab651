import DraizerServer
import Fluent
import Foundation
import SQLKit
import Vapor
import VaporTesting

/// A fresh, migrated application on its own database (a temporary SQLite file, or a private PostgreSQL
/// schema), built by the same `configure` as production. Everything is removed afterwards.
func withDraizerApp(
    _ overrides: [String: String] = [:],
    clock: ManualClock? = nil,
    _ body: (Application) async throws -> Void
) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var values = [
        "ENVIRONMENT": "testing",
        "DATA_DIR": directory.path,
        "LOG_LEVEL": "warning",
        // Real Argon2id (t=3, p=4) with less memory, so hundreds of test sign-ins stay fast.
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "PASSWORD_HASH_CONCURRENCY": "2",
        "RATE_LIMIT_PER_MINUTE": "100000",
        "RATE_LIMIT_AUTH_PER_MINUTE": "100000",
        "MARKET_DATA_SOURCE": "simulated",
        "SIMULATION_HISTORY_DAYS": "2",
        // Tests run bot cycles themselves, on the manual clock.
        "AI_SCHEDULER_POLL_SECONDS": "0",
    ]
    let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    if let url = TestDatabase.postgresURL {
        values["DATABASE_URL"] = url
        values["POSTGRES_SCHEMA"] = schema
    } else {
        values["DATABASE_URL"] = "sqlite://" + directory.path + "/draizer.sqlite"
    }
    let config = try AppConfig.load(from: values.merging(overrides) { _, override in override })

    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: config)
        let clock = clock ?? ManualClock(Date())
        app.wallClock = clock.wallClock
        app.storage[TestClockKey.self] = clock
        // Migrated before boot, as `serve` does, so background work never sees a schema half built.
        try await prepareDatabase(app, config: config)
        try await app.autoMigrate()
        try await app.asyncBoot()
        try await body(app)
    } catch {
        try await dropSchema(of: app, config: config)
        try await app.asyncShutdown()
        throw error
    }
    try await dropSchema(of: app, config: config)
    try await app.asyncShutdown()
}

private func dropSchema(of app: Application, config: AppConfig) async throws {
    guard let schema = config.postgresSchema, let sql = app.db as? any SQLDatabase else { return }
    try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
}

/// A directory under the system temporary folder that the test owns.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "draizer-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension TestingHTTPResponse {
    /// The body as a JSON object, for assertions on individual fields.
    func json() throws -> [String: Any] {
        let data = Data(body.readableBytesView)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Abort(.internalServerError, reason: "response body is not a JSON object: \(body.string)")
        }
        return object
    }
}

extension ByteBuffer {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}

private struct TestClockKey: StorageKey { typealias Value = ManualClock }

extension Application {
    /// The manual clock every test application runs on; advance it instead of sleeping.
    var testClock: ManualClock { storage[TestClockKey.self]! }
}
