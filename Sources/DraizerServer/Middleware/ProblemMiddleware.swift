import Fluent
import Vapor

/// Turns every error into `application/problem+json`. Known errors keep their status and a useful detail;
/// anything unexpected becomes a bare 500 whose detail is only the request id, so nothing internal leaks.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: Self.problem(for: error, request: request), request: request)
        }
    }

    static func problem(for error: any Error, request: Request) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let decoding as DecodingError:
            return .validation(Self.describe(decoding), params: Self.param(of: decoding).map { [$0] } ?? [])
        case let abort as any AbortError:
            let reason = abort.reason
            return Problem(abort.status, detail: reason == abort.status.reasonPhrase ? nil : reason,
                           headers: abort.headers)
        case let database as any DatabaseError where database.isConstraintFailure:
            request.logger.notice("constraint violation: \(String(reflecting: error))")
            return Problem(.conflict, type: "conflict", detail: "The request conflicts with existing data.")
        default:
            request.logger.error("unhandled error: \(String(reflecting: error))")
            return Problem(.internalServerError, type: "internal",
                           detail: "An unexpected error occurred; quote request id \(request.id) when reporting it.")
        }
    }

    static func response(for problem: Problem, request: Request) -> Response {
        let body = ProblemBody(
            type: problem.type, title: problem.title, status: Int(problem.status.code), detail: problem.detail,
            instance: request.url.path, requestId: request.id,
            invalidParams: problem.invalidParams.isEmpty ? nil : problem.invalidParams, reason: problem.reason)
        var headers = problem.headers
        headers.replaceOrAdd(name: .contentType, value: "application/problem+json; charset=utf-8")
        if request.headers.contains(name: .upgrade) {
            // A refused WebSocket upgrade leaves the connection in a state where the next request on it is
            // never answered; closing it keeps a proxy's pooled connection from hanging.
            headers.replaceOrAdd(name: .connection, value: "close")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"status":500,"title":"Internal Server Error"}"#.utf8)
        return Response(status: problem.status, headers: headers, body: .init(data: data))
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "Missing field '\(Self.path(context.codingPath + [key]))'."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "Field '\(Self.path(context.codingPath))' has the wrong type: \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "The body is not valid JSON."
                : "Field '\(Self.path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "The body could not be decoded."
        }
    }

    private static func param(of error: DecodingError) -> Problem.InvalidParam? {
        switch error {
        case .keyNotFound(let key, let context):
            return .init(name: path(context.codingPath + [key]), reason: "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath.isEmpty ? nil : .init(name: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return nil
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
