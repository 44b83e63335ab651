import Foundation
import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import Synchronization
import Vapor

/// Keeps the caches of a PostgreSQL instance current: one dedicated connection listens on `draizer_cache`
/// (fed by the triggers of migration 006). The caches serve only while it is connected; when it drops they
/// are emptied and dark until it is back, since notifications sent meanwhile are lost.
struct ChangeListener: LifecycleHandler {
    let configuration: PostgresConnection.Configuration
    let schema: String
    let caches: AppCaches
    private let task = TaskBox()

    init(configuration: SQLPostgresConfiguration, caches: AppCaches) {
        let schema = configuration.searchPath?.first ?? "public"
        var core = configuration.coreConfiguration
        // Named in pg_stat_activity, for operators (and tests) to tell it from the pool's connections.
        core.options.additionalStartupParameters.append(("application_name", Self.applicationName(schema: schema)))
        self.configuration = core
        self.schema = schema
        self.caches = caches
    }

    static func applicationName(schema: String) -> String { "draizer-listener-\(schema)" }

    func didBootAsync(_ application: Application) async throws {
        let (configuration, schema, caches, logger) = (configuration, schema, caches, application.logger)
        let eventLoop = application.eventLoopGroup.any()
        task.set(Task {
            var delay = Duration.milliseconds(250)
            var connectionID = 0
            while !Task.isCancelled {
                connectionID += 1
                do {
                    let connection = try await PostgresConnection.connect(
                        on: eventLoop, configuration: configuration, id: connectionID, logger: logger).get()
                    do {
                        try await connection.listen(on: "draizer_cache") { notifications in
                            caches.setLive(true)
                            delay = .milliseconds(250)
                            try await withThrowingTaskGroup(of: Void.self) { group in
                                group.addTask {
                                    for try await notification in notifications {
                                        caches.apply(notification: notification.payload, schema: schema)
                                    }
                                }
                                group.addTask { try await Self.heartbeat(connection, logger: logger) }
                                // The connection closing (terminated by an operator, a server restart) ends
                                // listening at once, whether or not the stream has noticed yet.
                                group.addTask {
                                    try await connection.closeFuture.get()
                                    throw ListenerClosed()
                                }
                                // Whichever ends first (the stream, the connection, or a heartbeat left
                                // unanswered) ends listening.
                                try await group.next()
                                group.cancelAll()
                            }
                        }
                    } catch {
                        if !Task.isCancelled { logger.warning("cache change listener lost: \(String(describing: error))") }
                    }
                    try? await connection.close()
                } catch {
                    if !Task.isCancelled { logger.warning("cache change listener cannot connect: \(String(describing: error))") }
                }
                caches.setLive(false)
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        })
    }

    /// A connection can die without a word (a half-open TCP connection after a network fault): it would keep
    /// the caches live with no notification ever arriving, and PostgreSQL's notification queue growing.
    /// A query every 15 seconds that must be answered within 10 proves it alive.
    private static func heartbeat(_ connection: PostgresConnection, logger: Logger) async throws {
        while true {
            try await Task.sleep(for: .seconds(15))
            try await withThrowingTaskGroup(of: Bool.self) { race in
                race.addTask { _ = try await connection.query("SELECT 1", logger: logger); return true }
                race.addTask { try await Task.sleep(for: .seconds(10)); return false }
                let answered = try await race.next() ?? false
                race.cancelAll()
                guard answered else { throw ListenerSilent() }
            }
        }
    }

    private struct ListenerSilent: Error {}
    private struct ListenerClosed: Error {}

    func shutdownAsync(_ application: Application) async {
        task.cancel()
        await task.wait()
    }
}
