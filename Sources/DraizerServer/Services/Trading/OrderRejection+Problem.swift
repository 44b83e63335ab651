import DraizerCore
import Vapor

extension OrderRejection {
    /// Every rejected order is a problem whose `reason` is the rejection's stable code and whose detail is
    /// its human message. Missing or stale prices are temporary (503, retry shortly); the rest are 422.
    var problem: Problem {
        switch self {
        case .noPrice, .stalePrice:
            Problem(.serviceUnavailable, type: "order-rejected", title: "Order rejected", detail: description,
                    headers: ["Retry-After": "5"], reason: code)
        default:
            Problem(.unprocessableEntity, type: "order-rejected", title: "Order rejected", detail: description, reason: code)
        }
    }
}
