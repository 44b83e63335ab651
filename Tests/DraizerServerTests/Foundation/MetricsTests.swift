import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `/metrics` of the real executable, which bootstraps Prometheus behind swift-metrics.
@Suite("Prometheus metrics")
struct MetricsTests {
    private func get(_ server: ServerProcess, _ path: String, headers: [String: String] = [:]) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: server.base.absoluteString + path)!)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func loopbackScrapesSeeRequestsByRouteAndTheServersGauges() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        for _ in 0..<3 { _ = try await get(server, "/health") }
        _ = try await get(server, "/api/v1/market/price?symbol=NOPE")
        let (status, text) = try await get(server, "/metrics")
        #expect(status == 200)
        let healthLine = #"draizer_http_requests_total{method="GET",route="/health",status="200"} "#
        let health = text.split(separator: "\n").first { $0.hasPrefix(healthLine) }.flatMap { Int($0.dropFirst(healthLine.count)) }
        #expect((health ?? 0) >= 3, "\(text.prefix(2000))")
        #expect(text.contains(#"route="/api/v1/market/price",status="400""#))
        #expect(text.contains("draizer_http_request_duration_seconds_bucket"))
        for gauge in ["draizer_websocket_clients", "draizer_argon2_queue_depth", #"draizer_bots{status="running"}"#,
                      "draizer_market_connected", "draizer_http_requests_in_flight"] {
            #expect(text.contains(gauge), "missing \(gauge)")
        }
        let (proxied, _) = try await get(server, "/metrics", headers: ["X-Forwarded-For": "203.0.113.9"])
        #expect(proxied == 403, "a request relayed by a proxy is not a local scrape")
    }

    /// Fluent keeps its pool's counts to itself: the pool's connections are named and counted in PostgreSQL.
    @Test(.enabled(if: TestDatabase.isPostgres, "needs the PostgreSQL the test command starts"))
    func onPostgreSQLTheScrapeCountsThePoolsConnections() async throws {
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let server = try await ServerProcess(environment: ["DATABASE_URL": try #require(TestDatabase.postgresURL),
                                                           "POSTGRES_SCHEMA": schema])
        defer { server.stop() }
        let (status, text) = try await get(server, "/metrics")
        #expect(status == 200)
        func value(_ name: String) -> Double? { ServerProcess.sample(name, in: text) }
        #expect((value(#"draizer_db_pool_connections{state="busy"}"#) ?? 0) >= 1, "the scrape's own query is busy")
        #expect(value(#"draizer_db_pool_connections{state="idle"}"#) != nil)
        #expect((value("draizer_db_pool_max_connections") ?? 0) >= 4)
    }

    @Test func withATokenOnlyTheTokenOpensTheMetrics() async throws {
        let server = try await ServerProcess(environment: ["METRICS_TOKEN": "scrape-secret-123"])
        defer { server.stop() }
        #expect(try await get(server, "/metrics").0 == 401)
        #expect(try await get(server, "/metrics", headers: ["Authorization": "Bearer wrong"]).0 == 401)
        #expect(try await get(server, "/metrics", headers: ["Authorization": "Bearer scrape-secret-123"]).0 == 200)
    }
}
