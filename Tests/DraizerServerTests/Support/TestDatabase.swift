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

    /// The environment of several server processes forming one deployment on the test PostgreSQL: a schema
    /// of their own, the same signing and encryption keys, limits out of the way.
    static func deploymentEnvironment() throws -> [String: String] {
        guard let url = postgresURL else { throw CocoaError(.featureUnsupported) }
        return [
            "DATABASE_URL": url,
            "POSTGRES_SCHEMA": "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
            "MFA_REQUIRED": "false", "RATE_LIMIT_PER_MINUTE": "100000", "RATE_LIMIT_AUTH_PER_MINUTE": "100000",
            "SECRET_KEY": "deployment-test-secret-key-0123456789abcdef",
            "ENCRYPTION_KEY": "deployment-test-encryption-key-0123456789abcd",
        ]
    }
}
