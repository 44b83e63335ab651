import DraizerMarket
import Foundation
import Vapor

extension BinanceOrderError {
    /// The answer to give when Binance refused or failed an order; `reason` is the error's stable `code`.
    /// Refusals the user can act on (balance, filters, keys) are 422; Binance being slow, rate-limited or
    /// unreachable is 502/503 with `Retry-After`; an order whose fate is unknown is 502 without one, because
    /// sending it again blindly could trade twice.
    var problem: Problem {
        let updateKeys = " Update your keys with PUT /api/v1/users/me/exchange-keys."
        switch self {
        case .insufficientBalance, .orderRejected, .filterFailure, .invalidSymbol, .invalidRequest, .rejected:
            return Problem(.unprocessableEntity, type: "order-rejected", title: "Order rejected by Binance",
                           detail: message + " Nothing was booked.", reason: code)
        case .invalidAPIKey, .invalidSignature:
            return Problem(.unprocessableEntity, type: "exchange-keys-invalid", title: "Exchange keys refused",
                           detail: message + updateKeys, reason: code)
        case .executionUnknown(let clientOrderId, _):
            return Problem(.badGateway, type: "execution-unknown", title: "Order outcome unknown",
                           detail: "The order (client order id \(clientOrderId)) was sent to Binance but its fate is "
                               + "unknown, so it was not booked. Check the testnet account before placing it again.",
                           reason: code)
        case .rateLimited(let retryAfter):
            return Self.unavailable(.serviceUnavailable, message, code, retryAfter: max(1, retryAfter.components.seconds))
        case .banned(let until):
            let seconds = (until - Int64(Date().timeIntervalSince1970 * 1000) + 999) / 1000
            return Self.unavailable(.serviceUnavailable, message, code, retryAfter: max(1, seconds))
        case .timestampOutsideRecvWindow:
            return Self.unavailable(.serviceUnavailable, message, code, retryAfter: 5)
        case .unavailable, .orderNotFound:
            return Self.unavailable(.badGateway, "Binance could not be reached or answered unusably; nothing was "
                + "executed or booked.", code, retryAfter: 5)
        }
    }

    private static func unavailable(_ status: HTTPResponseStatus, _ detail: String, _ code: String, retryAfter: Int64) -> Problem {
        Problem(status, type: "exchange-unavailable", title: "Exchange unavailable", detail: detail,
                headers: ["Retry-After": String(retryAfter)], reason: code)
    }
}
