import Fluent
import Foundation
import Logging
import Metrics
import Prometheus
import Vapor

/// The `draizer` executable: reads the configuration, builds the application and runs a command
/// (`serve` by default, `migrate [--revert]`, and those later issues add).
public enum DraizerCommandLine {
    /// Exit status for an unusable configuration (sysexits' EX_CONFIG).
    static let configurationFailure: Int32 = 78

    public static func main(arguments: [String] = CommandLine.arguments) async -> Int32 {
        if arguments.dropFirst().first == "--version" {
            print("draizer \(DraizerVersion.current)")
            return 0
        }
        var config: AppConfig
        do {
            let values = DotEnv.merged(processEnvironment: ProcessInfo.processInfo.environment,
                                       fileAt: ProcessInfo.processInfo.environment["DOTENV_FILE"] ?? ".env")
            config = try AppConfig.load(from: values)
            if !isServe(arguments) {
                // Operator commands (migrate, user…) act and exit: no bot cycles, no live market feed.
                config.aiSchedulerPollSeconds = 0
                config.marketLiveUpdates = false
            }
        } catch {
            FileHandle.standardError.write(Data("draizer: configuration error: \(error)\n".utf8))
            return configurationFailure
        }
        let logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        if config.logFormat == .json {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: logLevel) }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = logLevel
                return handler
            }
        }
        // Prometheus behind swift-metrics, once per process: only the executable bootstraps it (tests keep the
        // no-op default, since a process can bootstrap only once).
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let environment = Environment(name: config.environment.rawValue, arguments: arguments)
        do {
            let app = try await Application.make(environment)
            app.storage[MetricsRegistryKey.self] = registry
            do {
                try await configure(app, config: config)
                if config.pinEventLoops, isServe(arguments) { try await EventLoopPinning.pin(app.eventLoopGroup) }
                if config.autoMigrate, isServe(arguments) {
                    // Before boot, so the bot scheduler and the other background work start on a complete schema.
                    try await prepareDatabase(app, config: config)
                    try await app.autoMigrate()
                }
                // Vapor stops the HTTP server on SIGTERM/SIGINT; this second handler turns `/ready` to 503 at that
                // same moment, so requests still arriving on open connections while it drains see it.
                let drainSignals = [SIGTERM, SIGINT].map { signalNumber in
                    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                    source.setEventHandler { [inFlight = app.inFlightRequests] in inFlight.beginDraining() }
                    source.resume()
                    return source
                }
                defer { drainSignals.forEach { $0.cancel() } }
                try await app.execute()
                // Stop the HTTP server first: it waits for in-flight requests, which still need the database
                // and the hashing threads that the application's shutdown releases afterwards.
                await app.http.server.shared.shutdown()
                await app.inFlightRequests.drain(timeout: .seconds(30))
            } catch {
                app.logger.critical("draizer stopped: \(String(reflecting: error))")
                try? await app.asyncShutdown()
                return 1
            }
            try await app.asyncShutdown()
            return 0
        } catch {
            FileHandle.standardError.write(Data("draizer: \(error)\n".utf8))
            return 1
        }
    }

    /// `draizer` alone means `draizer serve`.
    private static func isServe(_ arguments: [String]) -> Bool {
        guard let command = arguments.dropFirst().first else { return true }
        return command == "serve" || command.hasPrefix("-")
    }
}
