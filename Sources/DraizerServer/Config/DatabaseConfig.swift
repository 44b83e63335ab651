import FluentPostgresDriver
import Foundation

/// Which database the server talks to. SQLite is the embedded default; PostgreSQL is production's.
public enum DatabaseConfig: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public var kind: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// `DATABASE_URL` wins (`postgres://…`, `postgresql://…`, `sqlite:///abs/path`, `sqlite://rel/path`);
    /// else `POSTGRES_SERVER` and friends; else a SQLite file in the data directory.
    static func resolve(_ env: EnvironmentReader, dataDirectory: String) throws(ConfigError) -> DatabaseConfig {
        if let url = env.string("DATABASE_URL") {
            if url.hasPrefix("sqlite://") {
                let path = String(url.dropFirst("sqlite://".count))
                guard !path.isEmpty else { throw ConfigError("DATABASE_URL", "a sqlite URL needs a file path, e.g. sqlite:///var/lib/draizer/draizer.sqlite") }
                return .sqlite(path: path)
            }
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigError("DATABASE_URL", "must start with postgres://, postgresql:// or sqlite://")
            }
            do { _ = try SQLPostgresConfiguration(url: url) } catch {
                throw ConfigError("DATABASE_URL", "is not a valid PostgreSQL URL (\(error))")
            }
            return .postgres(url: url)
        }
        if let server = env.string("POSTGRES_SERVER") {
            let port = try env.int("POSTGRES_PORT", default: 5432, range: 1...65535)
            guard let user = env.string("POSTGRES_USER") else {
                throw ConfigError("POSTGRES_USER", "is required when POSTGRES_SERVER is set")
            }
            let database = env.string("POSTGRES_DB", default: "draizer")
            let password = env.string("POSTGRES_PASSWORD").map { ":" + percentEncoded($0) } ?? ""
            let sslMode = env.string("POSTGRES_SSLMODE", default: "prefer")
            return .postgres(url: "postgres://\(percentEncoded(user))\(password)@\(server):\(port)/\(percentEncoded(database))?sslmode=\(sslMode)")
        }
        return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("draizer.sqlite"))
    }

    private static func percentEncoded(_ part: String) -> String {
        part.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? part
    }
}
