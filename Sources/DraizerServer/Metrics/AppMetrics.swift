import Foundation
import Metrics
import Synchronization

/// The server's metrics, named once, recorded through swift-metrics so the backend is a bootstrap choice
/// (`draizer serve` bootstraps Prometheus; tests leave the no-op default).
enum AppMetrics {
    static func request(method: String, route: String, status: UInt, duration: Duration) {
        let handles = requestHandles.handles(method: method, route: route, status: status)
        handles.count.increment()
        handles.duration.record(duration)
    }

    /// The handles of each (method, route, status), made once: looking a metric up by label and dimensions
    /// on every request cost more than the request's own handler.
    private static let requestHandles = RequestMetricHandles()

    /// `outcome`: `ok`, `failed` (the engine fell back to HOLD with an error) or `market_unavailable`.
    static func decision(engine: String, outcome: String, duration: Duration?) {
        Counter(label: "draizer_decisions_total", dimensions: [("engine", engine), ("outcome", outcome)]).increment()
        if let duration {
            Timer(label: "draizer_decision_duration_seconds", dimensions: [("engine", engine)]).record(duration)
        }
    }

    /// `outcome`: `filled`, or the rejection's reason (`insufficient_cash`, `stale_price`…).
    static func order(source: String, outcome: String) {
        Counter(label: "draizer_orders_total", dimensions: [("source", source), ("outcome", outcome)]).increment()
    }

    static func marketReconnect() {
        Counter(label: "draizer_market_reconnects_total").increment()
    }

    /// Values read at scrape time rather than tracked as they change.
    static func gauge(_ name: String, _ value: Double, _ dimensions: [(String, String)] = []) {
        Gauge(label: name, dimensions: dimensions).record(value)
    }
}

extension Timer {
    func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

private final class RequestMetricHandles: Sendable {
    struct Handles: Sendable {
        let count: Counter
        let duration: Timer
    }

    private let handles = Mutex<[String: Handles]>([:])

    func handles(method: String, route: String, status: UInt) -> Handles {
        let key = "\(method) \(route) \(status)"
        if let known = handles.withLock({ $0[key] }) { return known }
        let made = Handles(
            count: Counter(label: "draizer_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))]),
            duration: Timer(label: "draizer_http_request_duration_seconds", dimensions: [("method", method), ("route", route)]))
        // Routes are a fixed set (unmatched paths are reported as one route), so this stays small.
        handles.withLock { $0[key] = made }
        return made
    }
}
