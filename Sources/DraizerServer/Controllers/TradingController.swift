import DraizerCore
import DraizerMarket
import Fluent
import Vapor

/// `/api/v1/trading/orders`: place a market order (paper), list past orders.
struct TradingController: RouteCollection {
    let trading: TradingService
    let liveSymbols: [Symbol]
    let marketSource: MarketSourceKind

    func boot(routes: any RoutesBuilder) throws {
        routes.get("trading", "config", use: config)
        let orders = routes.grouped("trading", "orders").chained(AccessTokenMiddleware(allowsPendingMFA: false))
        orders.post(use: place)
        orders.get(use: list)
    }

    @Sendable func place(req: Request) async throws -> Response {
        let body = try req.decodeStrict(PlaceOrderRequest.self)
        let order = try body.order()
        let key = try Self.idempotencyKey(req)
        let placed = try await trading.place(order, userID: try req.caller.userID, source: "manual", idempotencyKey: key, on: req)
        let answer = PlacedOrderResponse(transaction: placed.transaction, cash: placed.cash.description, position: placed.position)
        let response = Response(status: placed.replayed ? .ok : .created, headers: Self.jsonHeaders, body: .init(buffer: answer.json.buffer))
        if placed.replayed { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        // The trade's audit row (with this request's id, address and agent) is this request's record.
        req.domainAudited = !placed.replayed
        return response
    }

    private static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8"]

    /// The rules orders are executed by here, so a client can preview a fill exactly as the server will make it.
    struct ConfigResponse: Content {
        let feeBps: Int
        let slippageBps: Int
        let maxPriceAgeSeconds: Int
        let initialBalance: String
        /// Symbols with a live feed: the ones a bot can trade and a stop-loss can watch.
        let liveSymbols: [String]
        let marketSource: String
    }

    @Sendable func config(req: Request) async throws -> ConfigResponse {
        let config = req.application.config
        return ConfigResponse(
            feeBps: config.tradingFeeBasisPoints, slippageBps: config.slippageBasisPoints,
            maxPriceAgeSeconds: config.maxPriceAgeSeconds, initialBalance: config.initialBalance.description,
            liveSymbols: liveSymbols.map(\.rawValue), marketSource: marketSource.rawValue)
    }

    @Sendable func list(req: Request) async throws -> Page<TransactionResponse> {
        try await PortfolioController.transactionsPage(req, filters: try req.query.decode(TransactionFilters.self))
    }

    /// 1–128 printable ASCII characters; anything else is a 400 rather than a silently ignored header.
    static func idempotencyKey(_ req: Request) throws -> String? {
        guard let key = req.headers.first(name: "Idempotency-Key") else { return nil }
        guard (1...128).contains(key.count), key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw Problem.validation("Idempotency-Key must be 1–128 printable ASCII characters.",
                                     params: [.init(name: "Idempotency-Key", reason: "1–128 printable ASCII characters")])
        }
        return key
    }
}
