import FluentSQLiteDriver
import Testing
import VaporTesting
@testable import DraizerServer

@Suite("Health and readiness")
struct HealthTests {
    @Test func healthReportsTheVersion() async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.GET, "/health")
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["status"] as? String == "ok")
            #expect(body["version"] as? String == DraizerVersion.current)
        }
    }

    @Test func readyChecksTheConfiguredDatabase() async throws {
        try await withDraizerApp { app in
            let response = try await app.sendRequest(.GET, "/ready")
            #expect(response.status == .ok)
            #expect(try response.json()["database"] as? String == (TestDatabase.isPostgres ? "postgres" : "sqlite"))
            #expect(try response.json()["market_source"] as? String == "simulated")
        }
    }

    @Test func readyIsA503WhenTheDatabaseIsGone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // A SQLite path inside a file cannot be opened: the database is unreachable, the process is alive.
        try "not a directory".write(toFile: directory.path + "/blocker", atomically: true, encoding: .utf8)
        let config = try AppConfig.load(from: [
            "DATA_DIR": directory.path, "DATABASE_URL": "sqlite://" + directory.path + "/blocker/draizer.sqlite",
        ])
        let app = try await Application.make(.testing)
        app.databases.use(.sqlite(.file(directory.path + "/blocker/draizer.sqlite")), as: .sqlite)
        app.middleware = Middlewares()
        app.middleware.use(ProblemMiddleware())
        try app.register(collection: HealthController(config: config))
        let response = try await app.sendRequest(.GET, "/ready")
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers.first(name: "Retry-After") == "5")
        #expect(try response.json()["type"] as? String == "/problems/not-ready")
        try await app.asyncShutdown()
    }
}
