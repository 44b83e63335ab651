import Fluent
import Prometheus
import SQLKit
import Vapor

/// `GET /metrics` in the Prometheus text format. Not for the public: with `METRICS_TOKEN` set it wants that
/// bearer token; without, it answers only to loopback callers that did not come through a proxy (nginx
/// never forwards `/metrics` either).
struct MetricsController: RouteCollection {
    let registry: PrometheusCollectorRegistry
    let token: String?
    let market: MarketHub
    let stream: StreamHub

    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: scrape)
    }

    @Sendable func scrape(req: Request) async throws -> Response {
        try authorize(req)
        await sample(req)
        let response = Response(status: .ok, body: .init(string: registry.emitToString()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func authorize(_ req: Request) throws {
        if let token {
            guard let given = req.headers.bearerAuthorization?.token,
                  ConstantTime.equals(Array(given.utf8), Array(token.utf8)) else {
                throw Problem(.unauthorized, type: "unauthorized", title: "Not signed in",
                              detail: "Metrics need the METRICS_TOKEN bearer token.", headers: ["WWW-Authenticate": "Bearer"])
            }
            return
        }
        let peer = req.remoteAddress?.ipAddress ?? ""
        guard ["127.0.0.1", "::1"].contains(peer), !req.headers.contains(name: .xForwardedFor) else {
            throw Problem(.forbidden, type: "forbidden", title: "Forbidden",
                          detail: "Metrics are served to loopback only unless METRICS_TOKEN is set.")
        }
    }

    /// The gauges that are cheapest read when scraped.
    private func sample(_ req: Request) async {
        let now = Int64(req.now.timeIntervalSince1970 * 1000)
        for symbol in await market.liveSymbols {
            if let price = await market.latestPrice(symbol) {
                AppMetrics.gauge("draizer_market_price_age_seconds", Double(now - price.observedAt) / 1000, [("symbol", symbol.rawValue)])
            }
        }
        AppMetrics.gauge("draizer_market_connected", await market.connected ? 1 : 0, [("source", market.source.kind.rawValue)])
        AppMetrics.gauge("draizer_websocket_clients", Double(await stream.clientCount))
        AppMetrics.gauge("draizer_argon2_queue_depth", Double(await req.services.passwords.queueDepth))
        AppMetrics.gauge("draizer_http_requests_in_flight", Double(req.application.inFlightRequests.current))
        var bots = Dictionary(uniqueKeysWithValues: BotStatus.allCases.map { ($0.rawValue, 0) })
        if let sql = req.db as? any SQLDatabase,
           let rows = try? await sql.raw("SELECT status, COUNT(*) AS bots FROM bots GROUP BY status").all() {
            for row in rows {
                if let status = try? row.decode(column: "status", as: String.self),
                   let count = try? row.decode(column: "bots", as: Int.self) { bots[status] = count }
            }
        }
        for (status, count) in bots { AppMetrics.gauge("draizer_bots", Double(count), [("status", status)]) }
        if let pool = req.application.storage[DatabasePool.Key.self], let connections = await pool.connections(on: req.db) {
            for (use, count) in connections { AppMetrics.gauge("draizer_db_pool_connections", Double(count), [("state", use)]) }
            AppMetrics.gauge("draizer_db_pool_max_connections", Double(pool.maxConnections))
        }
    }
}

struct MetricsRegistryKey: StorageKey {
    typealias Value = PrometheusCollectorRegistry
}
