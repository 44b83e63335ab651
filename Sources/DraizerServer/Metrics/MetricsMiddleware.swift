import Vapor

/// Counts every request and times it by route pattern (`/api/v1/ai/decisions/:decisionID`, never the raw
/// path, so ids do not explode the label space) and status.
struct MetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        AppMetrics.request(method: request.method.rawValue, route: route, status: response.status.code,
                           duration: ContinuousClock.now - started)
        return response
    }
}
