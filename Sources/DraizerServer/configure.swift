import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Builds the application from a validated configuration. Production and the tests both come through
/// here, so what is tested is what runs.
public func configure(_ app: Application, config: AppConfig) throws {
    app.storage[AppConfigKey.self] = config
    app.logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    // No endpoint takes more than a few KiB; a small cap bounds the memory one request can pin.
    app.routes.defaultMaxBodySize = "64kb"

    try configureDatabase(app, config: config)
    app.migrations.add(Migrations.all)

    // Replace Vapor's defaults: our error shape, and the request id on every answer.
    app.middleware = Middlewares()
    app.middleware.use(RequestIDMiddleware())
    app.middleware.use(ProblemMiddleware())

    try routes(app, config: config)
}

private func configureDatabase(_ app: Application, config: AppConfig) throws {
    switch config.database {
    case .sqlite(let path):
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        if let schema = config.postgresSchema {
            postgres.searchPath = [schema]
            app.lifecycle.use(PostgresSchemaBootstrap(schema: schema))
        }
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4), as: .psql)
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

struct AppConfigKey: StorageKey {
    typealias Value = AppConfig
}

extension Application {
    /// The configuration the application was built with.
    public var config: AppConfig {
        guard let config = storage[AppConfigKey.self] else { fatalError("configure(_:config:) was not called") }
        return config
    }
}
