import Vapor

/// `limit` requests per client per minute in `scope`, announced with the IETF `RateLimit-*` headers and
/// answered with 429 and `Retry-After` beyond it.
struct RateLimitMiddleware: AsyncMiddleware {
    let scope: String
    let limit: Int
    let store: any RateLimitStore

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let now = request.now.timeIntervalSince1970
        let window = Int64(now / 60)
        let reset = max(1, Int((Double(window + 1) * 60 - now).rounded(.up)))
        let count = try await store.hit("\(scope):\(request.clientIP)", window: window)
        let remaining = max(0, limit - count)
        let headers: HTTPHeaders = [
            "RateLimit-Limit": String(limit), "RateLimit-Remaining": String(remaining),
            "RateLimit-Reset": String(reset),
        ]
        guard count <= limit else {
            var limited = headers
            limited.replaceOrAdd(name: "Retry-After", value: String(reset))
            throw Problem(.tooManyRequests, type: "rate-limited", title: "Too many requests",
                          detail: "More than \(limit) requests a minute; try again in \(reset) s.", headers: limited)
        }
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // Refusals count against the limit too, and say so.
            response = ProblemMiddleware.response(for: ProblemMiddleware.problem(for: error, request: request), request: request)
        }
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}
