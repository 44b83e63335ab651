import Fluent
import Vapor

/// `/api/v1/users/me/exchange-keys`: the user's own Binance Spot Testnet keys, write-only, and
/// `/api/v1/trading/venue`: whether orders execute on paper or on the testnet.
struct ExchangeKeysController: RouteCollection {
    static let exchange = "binance_testnet"

    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.chained(AccessTokenMiddleware(allowsPendingMFA: false))
        let keys = signedIn.grouped("users", "me", "exchange-keys")
        keys.get(use: show)
        keys.put(use: store)
        keys.delete(use: remove)
        signedIn.get("trading", "venue", use: venue)
        signedIn.put("trading", "venue", use: setVenue)
    }

    struct KeysRequest: StrictContent {
        static let fields: Set<String> = ["api_key", "secret_key"]
        let apiKey: String
        let secretKey: String
    }

    struct KeysResponse: Content {
        let exchange: String
        let configured: Bool
        let keyHint: String?
        let updatedAt: Date?
    }

    struct VenueRequest: StrictContent {
        static let fields: Set<String> = ["venue"]
        let venue: String
    }

    struct VenueResponse: Content {
        let venue: String
        let available: [String]
    }

    @Sendable func show(req: Request) async throws -> KeysResponse {
        let stored = try await credential(of: try req.caller.userID, on: req.db)
        return KeysResponse(exchange: Self.exchange, configured: stored != nil, keyHint: stored?.keyHint, updatedAt: stored?.updatedAt)
    }

    @Sendable func store(req: Request) async throws -> KeysResponse {
        let body = try req.decodeStrict(KeysRequest.self)
        let userID = try req.caller.userID
        for (name, value) in [("api_key", body.apiKey), ("secret_key", body.secretKey)] {
            guard (16...128).contains(value.count), value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw Problem.validation("\(name) must be 16–128 letters and digits, as Binance issues them.",
                                         params: [.init(name: name, reason: "16–128 letters and digits")])
            }
        }
        let box = req.services.secretBox
        let row = try await credential(of: userID, on: req.db) ?? {
            let fresh = ExchangeCredential()
            fresh.$user.id = userID
            fresh.exchange = Self.exchange
            return fresh
        }()
        row.sealedAPIKey = try box.seal(body.apiKey, associatedData: ExchangeCredential.context(userID, field: "api_key"))
        row.sealedSecretKey = try box.seal(body.secretKey, associatedData: ExchangeCredential.context(userID, field: "secret_key"))
        row.keyHint = "…" + String(body.apiKey.suffix(4))
        try await row.save(on: req.db)
        try await SecurityEvents.record("exchange_keys_changed", severity: .warning, user: userID, request: req)
        try await AuditTrail.record("exchange_keys.store", outcome: .success, user: userID, details: ["exchange": Self.exchange], request: req)
        return KeysResponse(exchange: Self.exchange, configured: true, keyHint: row.keyHint, updatedAt: row.updatedAt)
    }

    @Sendable func remove(req: Request) async throws -> HTTPStatus {
        let userID = try req.caller.userID
        try await req.db.transaction { db in
            try await ExchangeCredential.query(on: db).filter(\.$user.$id == userID).delete()
            // Without keys the testnet venue cannot work: back to paper.
            try await Portfolio.query(on: db).filter(\.$user.$id == userID).set(\.$venue, to: "paper").update()
            // A bulk update passes no model middleware: a new ledger version by hand, and the eviction below.
            try await LedgerVersion.bump(portfolioOf: userID, on: db)
            try await AuditTrail.record("exchange_keys.delete", outcome: .success, user: userID, request: req, on: db)
        }
        req.services.caches.ledgerChanged(userID, version: nil)
        try await SecurityEvents.record("exchange_keys_removed", severity: .info, user: userID, request: req)
        return .noContent
    }

    @Sendable func venue(req: Request) async throws -> VenueResponse {
        let portfolio = try await Portfolio.of(user: try req.caller.userID, on: req.db)
        return VenueResponse(venue: portfolio.venue, available: ["paper", Self.exchange])
    }

    @Sendable func setVenue(req: Request) async throws -> VenueResponse {
        let body = try req.decodeStrict(VenueRequest.self)
        let userID = try req.caller.userID
        guard ["paper", Self.exchange].contains(body.venue) else {
            throw Problem.validation("venue must be paper or binance_testnet.", params: [.init(name: "venue", reason: "paper or binance_testnet")])
        }
        if body.venue == Self.exchange, try await credential(of: userID, on: req.db) == nil {
            throw Problem(.conflict, type: "exchange-keys-missing", title: "No exchange keys",
                          detail: "Store your Binance Spot Testnet keys (PUT /api/v1/users/me/exchange-keys) first.")
        }
        let portfolio = try await Portfolio.of(user: userID, on: req.db)
        portfolio.venue = body.venue
        try await portfolio.save(on: req.db)
        try await AuditTrail.record("trading.venue", outcome: .success, user: userID, details: ["venue": body.venue], request: req)
        return VenueResponse(venue: portfolio.venue, available: ["paper", Self.exchange])
    }

    private func credential(of userID: UUID, on db: any Database) async throws -> ExchangeCredential? {
        try await ExchangeCredential.query(on: db).filter(\.$user.$id == userID).filter(\.$exchange == Self.exchange).first()
    }
}
