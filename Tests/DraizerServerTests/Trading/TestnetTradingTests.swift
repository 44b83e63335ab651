import DraizerCore
import DraizerTestFakes
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

/// Orders on the `binance_testnet` venue, sent over real HTTP to a fake Binance that checks every key,
/// signature and timestamp and fills MARKET orders at the price it is given.
@Suite("Binance Spot Testnet execution")
struct TestnetTradingTests {
    private let apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    private let secretKey = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"

    /// The app configured against a fake exchange where `apiKey` holds `balances` and BTCUSDT fills at 50000
    /// with 0.1 % commission in USDT, and a signed-in user whose portfolio trades on the testnet venue.
    private func withTestnet(
        balances: [String: String] = ["USDT": "1000"], market: FakeBinanceExchange.Market? = nil,
        storedSecret: String? = nil,
        _ body: (Application, TestUser, FakeBinanceServer) async throws -> Void
    ) async throws {
        try await FakeBinanceServer.with { fake in
            fake.exchange.addAccount(apiKey: apiKey, secret: secretKey, balances: balances)
            fake.exchange.setMarket("BTCUSDT", market ?? .btcusdt(price: Price(50000)))
            try await withDraizerApp(["BINANCE_API_URL": fake.restURL]) { app in
                let user = try await TestUser.enrolled(app)
                let keys = try await app.sendRequest(
                    .PUT, "/api/v1/users/me/exchange-keys", headers: user.bearer,
                    body: .json(#"{"api_key": "\#(apiKey)", "secret_key": "\#(storedSecret ?? secretKey)"}"#))
                #expect(keys.status == .ok)
                let venue = try await app.sendRequest(.PUT, "/api/v1/trading/venue", headers: user.bearer,
                                                      body: .json(#"{"venue": "binance_testnet"}"#))
                #expect(venue.status == .ok)
                try await body(app, user, fake)
            }
        }
    }

    private func order(_ app: Application, _ user: TestUser, _ json: String, key: String? = nil) async throws -> TestingHTTPResponse {
        var headers = user.bearer
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return try await app.sendRequest(.POST, "/api/v1/trading/orders", headers: headers, body: .json(json))
    }

    private func cash(_ app: Application, _ user: TestUser) async throws -> Money {
        try Money(try #require(try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()["cash"] as? String))
    }

    @Test func aBuyByAmountAndASellByQuantityAreExecutedByBinanceAndBookedAsFilled() async throws {
        try await withTestnet { app, user, fake in
            let buy = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#)
            #expect(buy.status == .created, "\(buy.body.string)")
            let bought = try #require(try buy.json()["transaction"] as? [String: Any])
            // Binance's numbers, not the paper estimate: 0.002 BTC at 50000 for 100 USDT, 0.1 USDT commission.
            #expect(try Price(try #require(bought["price"] as? String)) == Price(50000))
            #expect(try Quantity(try #require(bought["quantity"] as? String)) == Quantity("0.002"))
            #expect(try Money(try #require(bought["fee"] as? String)) == Money("0.1"))
            #expect(bought["venue"] as? String == "binance_testnet")
            #expect(try await cash(app, user) == Money("899.9"))

            let sell = try await order(app, user, #"{"side": "sell", "symbol": "BTCUSDT", "quantity": "0.001"}"#)
            #expect(sell.status == .created, "\(sell.body.string)")
            let sold = try #require(try sell.json()["transaction"] as? [String: Any])
            #expect(try Quantity(try #require(sold["quantity"] as? String)) == Quantity("0.001"))
            #expect(try Money(try #require(sold["fee"] as? String)) == Money("0.05"))
            #expect(try await cash(app, user) == Money("949.85"))

            // Both orders reached the exchange, signed (the fake refuses anything else), as asked.
            let orders = fake.exchange.orders
            #expect(orders.count == 2)
            #expect(orders.first?.origQuoteOrderQty == Money(100))
            #expect(try orders.last?.origQty == Quantity("0.001"))
            let sent = fake.requests(to: "/api/v3/order").filter { $0.method == "POST" }
            #expect(sent.first?.form["quoteOrderQty"] == "100" && sent.first?.form["quantity"] == nil)
            #expect(sent.last?.form["quantity"] == "0.001" && sent.last?.form["quoteOrderQty"] == nil)
            #expect(fake.exchange.balance(apiKey, "BTC") == "0.001")

            let rows = try await PortfolioTransaction.query(on: app.db).sort(\.$createdAt).all()
            #expect(rows.map(\.exchangeOrderID) == orders.map { String($0.orderId) })
            let history = try await app.sendRequest(.GET, "/api/v1/trading/orders", headers: user.bearer)
            #expect(history.status == .ok)
            let items = try #require(try history.json()["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.allSatisfy { $0["venue"] as? String == "binance_testnet" })
            let audited = try await AuditLog.query(on: app.db).filter(\.$action ~~ ["trade.buy", "trade.sell"]).all()
            #expect(audited.count == 2)
            #expect(audited.allSatisfy { $0.details?.contains("exchange_order_id") == true })
            #expect(try await AuditLog.query(on: app.db).all().allSatisfy {
                $0.details?.contains(secretKey) != true && $0.details?.contains(apiKey) != true
            })
        }
    }

    @Test(arguments: [
        // -2010: the testnet account holds 10 USDT, the ledger 1000.
        (["USDT": "10"], nil, "insufficient_balance"),
        // -1013: the exchange's minimum notional is above the order.
        (["USDT": "1000"], 500, "filter_failure"),
    ] as [([String: String], Int?, String)])
    func binanceRefusalsAre422ProblemsAndBookNothing(balances: [String: String], minNotional: Int?, reason: String) async throws {
        var market = FakeBinanceExchange.Market.btcusdt(price: Price(50000))
        if let minNotional { market.minNotional = Money(minNotional) }
        try await withTestnet(balances: balances, market: market) { app, user, fake in
            let response = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#)
            #expect(response.status == .unprocessableEntity, "\(response.body.string)")
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            #expect(try response.json()["reason"] as? String == reason)
            #expect(fake.exchange.orders.isEmpty)
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 0)
            #expect(try await cash(app, user) == Money(1000))
            let audit = try #require(try await AuditLog.query(on: app.db).filter(\.$action == "trade.failed").first())
            #expect(audit.outcome == "denied")
            #expect(audit.details?.contains(reason) == true)
        }
    }

    /// A secret that does not match the key: Binance answers -1022.
    @Test func aWrongSecretIsAClear422() async throws {
        let secret = "WrongSecretWrongSecretWrongSecret0000", reason = "invalid_signature"
        try await withTestnet(storedSecret: secret) { app, user, fake in
            let response = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#)
            #expect(response.status == .unprocessableEntity, "\(response.body.string)")
            let problem = try response.json()
            #expect(problem["reason"] as? String == reason)
            #expect((problem["detail"] as? String)?.contains("/api/v1/users/me/exchange-keys") == true)
            #expect(!response.body.string.contains(secret) && !response.body.string.contains(secretKey))
            #expect(fake.exchange.orders.isEmpty)
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 0)
        }
    }

    /// A key Binance does not know: -2015.
    @Test func anUnknownKeyIsAClear422() async throws {
        try await FakeBinanceServer.with { fake in
            fake.exchange.setMarket("BTCUSDT", .btcusdt(price: Price(50000)))
            try await withDraizerApp(["BINANCE_API_URL": fake.restURL]) { app in
                let user = try await TestUser.enrolled(app)
                _ = try await app.sendRequest(.PUT, "/api/v1/users/me/exchange-keys", headers: user.bearer,
                                              body: .json(#"{"api_key": "\#(apiKey)", "secret_key": "\#(secretKey)"}"#))
                _ = try await app.sendRequest(.PUT, "/api/v1/trading/venue", headers: user.bearer,
                                              body: .json(#"{"venue": "binance_testnet"}"#))
                let response = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#)
                #expect(response.status == .unprocessableEntity, "\(response.body.string)")
                #expect(try response.json()["reason"] as? String == "invalid_api_key")
                #expect(try await PortfolioTransaction.query(on: app.db).count() == 0)
            }
        }
    }

    @Test func aRetryWithTheSameIdempotencyKeySendsOneOrder() async throws {
        try await withTestnet { app, user, fake in
            let body = #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "50"}"#
            let first = try await order(app, user, body, key: "retry-me-1")
            let again = try await order(app, user, body, key: "retry-me-1")
            #expect(first.status == .created, "\(first.body.string)")
            #expect(again.status == .ok)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(fake.exchange.orders.count == 1)
            // The key is a valid Binance client order id, so the exchange knows the order by it.
            #expect(fake.exchange.orders.first?.clientOrderId == "retry-me-1")
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 1)
        }
    }

    @Test func paperOrdersStayOffTheExchange() async throws {
        try await withTestnet { app, user, fake in
            _ = try await app.sendRequest(.PUT, "/api/v1/trading/venue", headers: user.bearer, body: .json(#"{"venue": "paper"}"#))
            let response = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#)
            #expect(response.status == .created)
            #expect(try (response.json()["transaction"] as? [String: Any])?["venue"] as? String == "paper")
            #expect(fake.requests(to: "/api/v3/order").isEmpty)
        }
    }
}
