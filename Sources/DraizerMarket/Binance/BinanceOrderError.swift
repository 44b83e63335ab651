import Foundation

/// Why a signed Binance call (an order, an order query, the account) failed, in terms an API answer can pass
/// on: each case has a stable `code` string for clients and a `message` a person can act on.
///
/// Binance's own error body (`{"code":-2010,"msg":"Account has insufficient balance for requested action."}`)
/// is mapped by `init(status:code:message:)`; failures before Binance answered (network, rate limits) come
/// from `BinanceError`.
public enum BinanceOrderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// -2010 with Binance's insufficient-balance message: the account cannot pay for the order.
    case insufficientBalance(message: String)
    /// -2010 for any other reason ("Market is closed.", quote-quantity orders not allowed, …).
    case orderRejected(message: String)
    /// -1013: a symbol filter refused the order; `filter` is `LOT_SIZE`, `NOTIONAL`, `MIN_NOTIONAL`, … when
    /// Binance names it.
    case filterFailure(filter: String?, message: String)
    /// -1021 even after re-measuring the clock offset and retrying once.
    case timestampOutsideRecvWindow(message: String)
    /// -2014 (malformed key) or -2015 (unknown key, IP not allowed, or no trading permission; also a live key
    /// used on testnet or the reverse).
    case invalidAPIKey(binanceCode: Int, message: String)
    /// -1022: Binance computed a different signature, which means a wrong secret (or a signing bug).
    case invalidSignature(message: String)
    /// -1121: Binance does not list the symbol.
    case invalidSymbol(message: String)
    /// The request was refused as malformed, by Binance (-1100…-1199 other than the above) or before sending.
    case invalidRequest(binanceCode: Int?, message: String)
    /// -2013 when querying an order: Binance has no order with that id.
    case orderNotFound(clientOrderId: String)
    /// An order was sent but no answer came back (timeout, dropped connection, 5xx, Binance's -1007), and
    /// querying it by its client order id did not settle whether it exists. It may have executed: check the
    /// account before sending it again.
    case executionUnknown(clientOrderId: String, reason: String)
    /// HTTP 429: too many requests or orders; nothing more is sent until `retryAfter` has passed.
    case rateLimited(retryAfter: Duration)
    /// HTTP 418: Binance banned this IP until `until` (ms since the epoch).
    case banned(until: Int64)
    /// Any other Binance error code.
    case rejected(status: Int, binanceCode: Int, message: String)
    /// Binance could not be reached or answered something unusable (timeout, network, 5xx, malformed JSON) on
    /// a call that places no order.
    case unavailable(BinanceError)

    /// Maps Binance's error body. -1021 maps to `timestampOutsideRecvWindow`; the client resyncs and retries
    /// once before throwing it.
    public init(status: Int, code: Int, message: String) {
        switch code {
        case -2010:
            self = message.localizedLowercase.contains("insufficient balance")
                ? .insufficientBalance(message: message) : .orderRejected(message: message)
        case -1013:
            self = .filterFailure(filter: Self.filterName(in: message), message: message)
        case -1021: self = .timestampOutsideRecvWindow(message: message)
        case -2014, -2015: self = .invalidAPIKey(binanceCode: code, message: message)
        case -1022: self = .invalidSignature(message: message)
        case -1121: self = .invalidSymbol(message: message)
        case -1199 ... -1100: self = .invalidRequest(binanceCode: code, message: message)
        default: self = .rejected(status: status, binanceCode: code, message: message)
        }
    }

    /// The failures of the plain REST layer, in this type's terms.
    init(_ error: BinanceError) {
        switch error {
        case .api(let status, let code, let message): self.init(status: status, code: code, message: message)
        case .rateLimited(let retryAfter): self = .rateLimited(retryAfter: retryAfter)
        case .banned(let until): self = .banned(until: until)
        default: self = .unavailable(error)
        }
    }

    /// A stable, machine-readable identifier, e.g. for a problem+json `code` field.
    public var code: String {
        switch self {
        case .insufficientBalance: "insufficient_balance"
        case .orderRejected: "order_rejected"
        case .filterFailure: "filter_failure"
        case .timestampOutsideRecvWindow: "timestamp_outside_recv_window"
        case .invalidAPIKey: "invalid_api_key"
        case .invalidSignature: "invalid_signature"
        case .invalidSymbol: "invalid_symbol"
        case .invalidRequest: "invalid_request"
        case .orderNotFound: "order_not_found"
        case .executionUnknown: "execution_unknown"
        case .rateLimited: "rate_limited"
        case .banned: "ip_banned"
        case .rejected: "binance_error"
        case .unavailable: "binance_unavailable"
        }
    }

    /// Binance's numeric code, when Binance answered with one.
    public var binanceCode: Int? {
        switch self {
        case .insufficientBalance, .orderRejected: -2010
        case .filterFailure: -1013
        case .timestampOutsideRecvWindow: -1021
        case .invalidAPIKey(let code, _), .rejected(_, let code, _): code
        case .invalidRequest(let code, _): code
        case .invalidSignature: -1022
        case .invalidSymbol: -1121
        case .orderNotFound: -2013
        case .executionUnknown, .rateLimited, .banned, .unavailable: nil
        }
    }

    /// A sentence for the user; Binance's own message is appended where it adds detail.
    public var message: String {
        switch self {
        case .insufficientBalance:
            "The Binance account has insufficient balance for this order."
        case .orderRejected(let message):
            "Binance rejected the order: \(message)"
        case .filterFailure(let filter, let message):
            switch filter {
            case "LOT_SIZE", "MARKET_LOT_SIZE":
                "The order quantity is outside the symbol's allowed size or step (\(message))."
            case "NOTIONAL", "MIN_NOTIONAL":
                "The order value is outside the symbol's allowed minimum or maximum (\(message))."
            default:
                "The order breaks one of the symbol's trading rules (\(message))."
            }
        case .timestampOutsideRecvWindow:
            "The request reached Binance outside its time window, even after re-synchronising the clock; "
                + "check the server clock and network latency."
        case .invalidAPIKey:
            "Binance refused the API key: it is malformed, unknown, restricted by IP, lacks trading permission, "
                + "or belongs to the other environment (live vs testnet)."
        case .invalidSignature:
            "Binance could not verify the request signature; the API secret is probably wrong."
        case .invalidSymbol:
            "Binance does not list this symbol."
        case .invalidRequest(_, let message):
            "The request was invalid: \(message)"
        case .orderNotFound(let clientOrderId):
            "Binance has no order with client order id \(clientOrderId)."
        case .executionUnknown(let clientOrderId, let reason):
            "The order \(clientOrderId) was sent but its outcome is unknown (\(reason)); "
                + "check the account before trying again."
        case .rateLimited(let retryAfter):
            "Too many requests to Binance; try again in \(retryAfter.components.seconds) s."
        case .banned(let until):
            "Binance has temporarily banned this server's IP (until \(until) ms since the epoch)."
        case .rejected(_, let code, let message):
            "Binance rejected the request (\(code)): \(message)"
        case .unavailable(let error):
            "Binance is unavailable: \(error)"
        }
    }

    /// Whether the same request may succeed later unchanged (rate limits, outages), as opposed to needing a
    /// different request, key or balance.
    public var isTransient: Bool {
        switch self {
        case .rateLimited, .banned, .unavailable, .timestampOutsideRecvWindow: true
        default: false
        }
    }

    public var description: String { "\(code): \(message)" }

    /// `LOT_SIZE` in "Filter failure: LOT_SIZE".
    private static func filterName(in message: String) -> String? {
        guard let range = message.range(of: "Filter failure:") else { return nil }
        let name = message[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name.trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}
