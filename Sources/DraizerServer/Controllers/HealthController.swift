import Fluent
import SQLKit
import Vapor

/// Liveness (`/health`: the process answers) and readiness (`/ready`: it can do real work).
struct HealthController: RouteCollection {
    let config: AppConfig
    let startedAt = Date()

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("ready", use: ready)
    }

    struct Health: Content {
        let status: String
        let version: String
        let environment: String
        let uptimeSeconds: Int

        enum CodingKeys: String, CodingKey {
            case status, version, environment
            case uptimeSeconds = "uptime_seconds"
        }
    }

    struct Readiness: Content {
        let status: String
        let database: String
        /// `binance`, `simulated` or `replay`: prices are never shown without saying where they come from.
        let marketSource: String?
        let marketSourceName: String?
    }

    @Sendable func health(req: Request) async throws -> Health {
        Health(status: "ok", version: DraizerVersion.current, environment: config.environment.rawValue,
               uptimeSeconds: Int(Date().timeIntervalSince(startedAt)))
    }

    @Sendable func ready(req: Request) async throws -> Readiness {
        if req.application.inFlightRequests.isDraining {
            throw Problem(.serviceUnavailable, type: "not-ready", title: "Shutting down",
                          detail: "The server is finishing its requests before it stops.", headers: ["Retry-After": "5"])
        }
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
        } catch {
            req.logger.warning("readiness: database unreachable: \(String(reflecting: error))")
            throw Problem(.serviceUnavailable, type: "not-ready", title: "Not ready",
                          detail: "The \(config.database.kind) database is unreachable.",
                          headers: ["Retry-After": "5"])
        }
        let market = req.application.storage[MarketHubKey.self]?.source
        return Readiness(status: "ready", database: config.database.kind, marketSource: market?.kind.rawValue,
                         marketSourceName: market?.name)
    }
}
