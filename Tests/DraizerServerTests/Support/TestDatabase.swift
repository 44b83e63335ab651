import Foundation

/// Which database the server tests run on. The test command runs the suite twice: once on SQLite, and once
/// with `DRAIZER_TEST_DATABASE_URL` pointing at the PostgreSQL it started, where every test gets a schema
/// of its own so tests stay parallel and independent.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["DRAIZER_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Set by the test command on its PostgreSQL run: a missing database is then a failure, not a skip.
    static var postgresRequired: Bool {
        ProcessInfo.processInfo.environment["DRAIZER_TEST_REQUIRE_POSTGRES"] == "1"
    }

    static var isPostgres: Bool { postgresURL != nil }
}
