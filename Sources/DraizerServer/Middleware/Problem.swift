import Vapor

/// An RFC 9457 problem: the one shape of every error answer. `type` is a relative URI naming the kind of
/// problem (documented in docs/problems.md), so clients can branch on it instead of parsing `detail`.
public struct Problem: Error, Sendable {
    public struct InvalidParam: Content, Equatable {
        public let name: String
        public let reason: String
        public init(name: String, reason: String) { self.name = name; self.reason = reason }
    }

    public var status: HTTPResponseStatus
    public var type: String
    public var title: String
    public var detail: String?
    public var invalidParams: [InvalidParam]
    public var headers: HTTPHeaders
    /// A stable machine-readable cause within `type` (e.g. `insufficient_cash` for a rejected order).
    public var reason: String?

    public init(
        _ status: HTTPResponseStatus, type: String? = nil, title: String? = nil, detail: String? = nil,
        invalidParams: [InvalidParam] = [], headers: HTTPHeaders = [:], reason: String? = nil
    ) {
        self.reason = reason
        self.status = status
        self.type = type.map { "/problems/\($0)" } ?? "about:blank"
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.invalidParams = invalidParams
        self.headers = headers
    }

    /// 400 with the offending fields named.
    public static func validation(_ detail: String, params: [InvalidParam] = []) -> Problem {
        Problem(.badRequest, type: "validation", title: "Invalid request", detail: detail, invalidParams: params)
    }
}

/// The JSON body of a problem response.
struct ProblemBody: Content {
    let type: String
    let title: String
    let status: Int
    let detail: String?
    let instance: String
    let requestId: String
    let invalidParams: [Problem.InvalidParam]?
    let reason: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, reason
        case requestId = "request_id"
        case invalidParams = "invalid_params"
    }
}
