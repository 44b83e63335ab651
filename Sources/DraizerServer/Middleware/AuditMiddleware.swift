import Vapor

/// Appends every state-changing API request to the audit trail with its outcome, whoever made it.
/// Domain events (sign-in, trades, bot start/stop) add their own, more specific lines; a handler whose
/// domain line already says everything (a booked trade: who, from where, request id, what) marks the
/// request `domainAudited` and this generic line is left out.
struct AuditMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard !request.domainAudited, [.POST, .PUT, .PATCH, .DELETE].contains(request.method),
              response.status != .tooManyRequests, request.isAPI,
              // A request finishing while the server shuts down has no database left to write to.
              !request.application.didShutdown
        else { return response }
        let outcome: AuditTrail.Outcome = switch response.status.code {
        case 200..<400: .success
        case 401, 403: .denied
        default: .failure
        }
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? request.url.path
        do {
            try await AuditTrail.record("http.\(request.method.rawValue.lowercased())", outcome: outcome,
                                        user: request.authContext?.userID, resource: ("route", route),
                                        details: ["status": String(response.status.code)], request: request)
        } catch {
            request.logger.error("audit write failed: \(String(reflecting: error))")
        }
        return response
    }
}

extension Request {
    private struct DomainAuditedKey: StorageKey { typealias Value = Bool }

    /// Set by a handler whose own audit row records this request completely.
    var domainAudited: Bool {
        get { storage[DomainAuditedKey.self] ?? false }
        set { storage[DomainAuditedKey.self] = newValue }
    }
}
