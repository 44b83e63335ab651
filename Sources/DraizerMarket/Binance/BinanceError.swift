/// What went wrong talking to Binance, specific enough to act on: wait, stop, fix the request or report a bug.
public enum BinanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Binance rejected the request with its error body (`{"code":-1121,"msg":"Invalid symbol."}`).
    case api(status: Int, code: Int, message: String)
    /// HTTP 429: the request weight is used up; no call is made until `retryAfter` has passed.
    case rateLimited(retryAfter: Duration)
    /// HTTP 418: this IP is banned until `until` (ms since the epoch); no call is made before then.
    case banned(until: Int64)
    /// HTTP 5xx after every retry: Binance's side failed.
    case server(status: Int, body: String)
    /// Another unexpected HTTP status without an error body.
    case http(status: Int, body: String)
    /// The request did not complete within its timeout, after every retry.
    case timeout(path: String)
    /// The network failed (refused, reset, closed mid-response), after every retry.
    case transport(path: String, reason: String)
    /// The response was not what the Binance API documents: the endpoint and what was wrong with it.
    case malformed(path: String, reason: String)

    /// Binance's `-1121 Invalid symbol`.
    public var isUnknownSymbol: Bool {
        if case .api(_, -1121, _) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .api(let status, let code, let message): "Binance error \(code) (HTTP \(status)): \(message)"
        case .rateLimited(let retryAfter): "Binance rate limit reached; retry after \(retryAfter)"
        case .banned(let until): "Binance banned this IP until \(until) ms (HTTP 418)"
        case .server(let status, let body): "Binance server error HTTP \(status): \(body.prefix(200))"
        case .http(let status, let body): "unexpected HTTP \(status) from Binance: \(body.prefix(200))"
        case .timeout(let path): "Binance did not answer \(path) in time"
        case .transport(let path, let reason): "network error calling Binance \(path): \(reason)"
        case .malformed(let path, let reason): "malformed Binance response from \(path): \(reason)"
        }
    }
}
