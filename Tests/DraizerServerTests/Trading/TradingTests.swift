import DraizerCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import DraizerServer

@Suite("Paper trading")
struct TradingTests {
    private func order(_ app: Application, _ user: TestUser, _ json: String, key: String? = nil) async throws -> TestingHTTPResponse {
        var headers = user.bearer
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return try await app.sendRequest(.POST, "/api/v1/trading/orders", headers: headers, body: .json(json))
    }

    @Test func aBuyMovesCashIntoAPositionWithTheFeeCharged() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let response = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#)
            #expect(response.status == .created, "\(response.body.string)")
            let body = try response.json()
            let transaction = try #require(body["transaction"] as? [String: Any])
            let price = try Price(try #require(transaction["price"] as? String))
            let quantity = try Quantity(try #require(transaction["quantity"] as? String))
            let fee = try Money(try #require(transaction["fee"] as? String))
            let cost = price.notional(of: quantity, rounding: .up)
            #expect(cost + fee <= Money(100))
            #expect(fee == FeeModel.binanceSpotTaker.fee(on: cost))
            #expect(try Money(try #require(body["cash"] as? String)) == Money(1000) - cost - fee)

            let portfolio = try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()
            #expect(portfolio["cash"] as? String == body["cash"] as? String)
            let positions = try #require(portfolio["positions"] as? [[String: Any]])
            #expect(positions.count == 1)
            #expect(positions.first?["quantity"] as? String == quantity.description)
        }
    }

    @Test func aRetriedOrderWithTheSameIdempotencyKeyTradesOnce() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let first = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "50"}"#, key: "order-1")
            let again = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "50"}"#, key: "order-1")
            #expect(first.status == .created)
            #expect(again.status == .ok)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            let a = try first.json()["transaction"] as? [String: Any], b = try again.json()["transaction"] as? [String: Any]
            #expect(a?["id"] as? String == b?["id"] as? String)
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 1)
        }
    }

    /// Simultaneous retries of one order (a client that timed out and sent it again at once): one trade.
    @Test func simultaneousRetriesWithOneIdempotencyKeyTradeOnce() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "50"}"#, key: "once").status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .ok }.count == 7)
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 1)
            let portfolio = try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()
            #expect(portfolio["cash"] as? String != "1000")
        }
    }

    /// Many people ordering at once (on PostgreSQL their bookings share statements): every order is booked
    /// on its own portfolio, with its own row, audit row and equity snapshot, and every portfolio adds up.
    @Test func ordersOfManyUsersAtOnceAreEachBookedOnTheirOwnPortfolio() async throws {
        try await withDraizerApp { app in
            var users: [TestUser] = []
            for index in 0..<12 { users.append(try await TestUser.enrolled(app, name: "trader\(index)")) }
            let placed = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for (index, user) in users.enumerated() {
                    for _ in 0..<3 {
                        group.addTask {
                            (index, Int(try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "20"}"#).status.code))
                        }
                    }
                }
                return try await group.reduce(into: [Int: [Int]]()) { $0[$1.0, default: []].append($1.1) }
            }
            #expect(placed.values.allSatisfy { $0 == [201, 201, 201] })
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 36)
            #expect(try await AuditLog.query(on: app.db).filter(\.$action == "trade.buy").count() == 36)
            #expect(try await EquitySnapshot.query(on: app.db).filter(\.$reason == "trade").count() == 36)
            for user in users {
                let portfolio = try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()
                let positions = try #require(portfolio["positions"] as? [[String: Any]])
                // Buys only: every unit of cash that left is in the position's basis (fees included).
                let basis = try Money(try #require(positions.first?["cost_basis"] as? String))
                #expect(try Money(try #require(portfolio["cash"] as? String)) == Money(1000) - basis)
                let history = try await app.sendRequest(.GET, "/api/v1/portfolio/transactions", headers: user.bearer).json()
                #expect(history["total"] as? Int == 3)
            }
        }
    }

    @Test(arguments: [
        (#"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "5000"}"#, 422, "insufficient_cash"),
        (#"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "1"}"#, 422, "below_minimum_notional"),
        (#"{"side": "sell", "symbol": "BTCUSDT", "quantity": "0.001"}"#, 422, "nothing_to_sell"),
        (#"{"side": "buy", "symbol": "DOGEBTC", "quote_amount": "10"}"#, 422, "unknown_symbol"),
        (#"{"side": "buy", "symbol": "BTCUSDT", "quantity": "0.000000001"}"#, 400, nil),
        (#"{"side": "hold", "symbol": "BTCUSDT", "quote_amount": "10"}"#, 400, nil),
        (#"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "10", "quantity": "1"}"#, 400, nil),
        (#"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "-10"}"#, 400, nil),
        (#"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": 10}"#, 400, nil),
    ] as [(String, Int, String?)])
    func rejectedOrdersSayWhyAndChangeNothing(body: String, status: Int, reason: String?) async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let response = try await order(app, user, body)
            #expect(Int(response.status.code) == status, "\(body): \(response.body.string)")
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            if let reason { #expect(try response.json()["reason"] as? String == reason) }
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 0)
            let portfolio = try await app.sendRequest(.GET, "/api/v1/portfolio", headers: user.bearer).json()
            #expect(portfolio["cash"] as? String == "1000")
        }
    }

    @Test func sellingEverythingClosesThePositionAndRealizesPnLNetOfFees() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let buy = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "200"}"#).json()
            let bought = try #require((buy["transaction"] as? [String: Any])?["quantity"] as? String)
            let sell = try await order(app, user, #"{"side": "sell", "symbol": "BTCUSDT", "quantity": "\#(bought)"}"#)
            #expect(sell.status == .created, "\(sell.body.string)")
            let transaction = try #require(try sell.json()["transaction"] as? [String: Any])
            let realized = try Money(try #require(transaction["realized_pnl"] as? String))
            let cash = try Money(try #require(try sell.json()["cash"] as? String))
            // Nothing is held, so everything gained or lost is realized: cash = initial + realized.
            #expect(cash == Money(1000) + realized)
            #expect(realized.isNegative, "a round trip at nearly the same price loses the two fees and the slippage")
            let positions = try await app.sendRequest(.GET, "/api/v1/portfolio/positions", headers: user.bearer)
            #expect(positions.body.string == "[]")
            let stats = try await app.sendRequest(.GET, "/api/v1/portfolio/stats", headers: user.bearer).json()
            #expect(stats["total_trades"] as? Int == 2)
            #expect(stats["losing_trades"] as? Int == 1)
        }
    }

    @Test func historyIsPaginatedFilterableAndExportsAsCSV() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            for _ in 1...3 { _ = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "20"}"#) }
            let page = try await app.sendRequest(.GET, "/api/v1/portfolio/transactions?per_page=2&side=buy", headers: user.bearer).json()
            #expect((page["items"] as? [Any])?.count == 2)
            #expect(page["total"] as? Int == 3)
            let none = try await app.sendRequest(.GET, "/api/v1/portfolio/transactions?side=sell", headers: user.bearer).json()
            #expect(none["total"] as? Int == 0)
            let csv = try await app.sendRequest(.GET, "/api/v1/portfolio/transactions?format=csv", headers: user.bearer)
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.body.string.split(separator: "\n").count == 4)
            #expect(try await app.sendRequest(.GET, "/api/v1/portfolio/transactions?side=short", headers: user.bearer).status == .badRequest)
            let orders = try await app.sendRequest(.GET, "/api/v1/trading/orders?per_page=1", headers: user.bearer).json()
            #expect((orders["items"] as? [Any])?.count == 1)
        }
    }

    @Test func everyTradeTakesAnEquitySnapshotAndResetStartsANewRun() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            _ = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#)
            let curve = try await app.sendRequest(.GET, "/api/v1/portfolio/equity", headers: user.bearer)
            let points = try #require(try JSONSerialization.jsonObject(with: Data(curve.body.readableBytesView)) as? [[String: Any]])
            #expect(Set(points.compactMap { $0["reason"] as? String }) == ["start", "trade"])
            #expect(points.first { $0["reason"] as? String == "start" }?["equity"] as? String == "1000")

            let reset = try await app.sendRequest(.POST, "/api/v1/portfolio/reset", headers: user.bearer)
            #expect(reset.status == .ok)
            let body = try reset.json()
            #expect(body["cash"] as? String == "1000")
            #expect(body["run_number"] as? Int == 2)
            #expect((body["positions"] as? [Any])?.isEmpty == true)
            // History is kept, marked with its run.
            let history = try await app.sendRequest(.GET, "/api/v1/portfolio/transactions", headers: user.bearer).json()
            #expect(((history["items"] as? [[String: Any]])?.first?["run_number"] as? Int) == 1)
        }
    }

    @Test func aStalePriceNeverTrades() async throws {
        try await withDraizerApp(["MARKET_LIVE_UPDATES": "false"]) { app in
            let user = try await TestUser.enrolled(app)
            #expect(try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#).status == .created)
            app.testClock.advance(by: 120)
            let stale = try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#)
            #expect(stale.status == .serviceUnavailable)
            #expect(try stale.json()["reason"] as? String == "stale_price")
            #expect(try await PortfolioTransaction.query(on: app.db).count() == 1)
        }
    }

    /// 200 simultaneous 100 USD buys on a 1000 USD portfolio: exactly as many fill as the cash allows, the
    /// rest are refused, and the balance never goes negative. Then the same for sells.
    @Test func concurrentOrdersNeverOverspendOrOversell() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        try await order(app, user, #"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            // A 100 USD order spends at most 100 USD fee included (a little less: the quantity is floored
            // to the lot step), so exactly ten fit into 1000 USD and the eleventh cannot.
            let filled = statuses.filter { $0 == 201 }.count
            #expect(filled == 10)
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 422 }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
            let portfolio = try #require(try await Portfolio.query(on: app.db).first())
            #expect(portfolio.balanceUnits >= 0)
            let rows = try await PortfolioTransaction.query(on: app.db).all()
            #expect(rows.count == filled)
            let spent = rows.reduce(Int64(0)) { $0 + $1.quoteAmountUnits + $1.feeUnits }
            #expect(portfolio.balanceUnits == Money(1000).units - spent)

            let position = try #require(try await Position.query(on: app.db).first())
            let slice = Quantity(units: position.quantityUnits / 4).floored(toMultipleOf: Quantity(units: 1000))
            let sells = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        try await order(app, user, #"{"side": "sell", "symbol": "BTCUSDT", "quantity": "\#(slice)"}"#).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(sells.filter { $0 == 201 }.count == 4)
            let after = try #require(try await Position.query(on: app.db).first())
            #expect(after.quantityUnits >= 0)
            #expect(after.quantityUnits == position.quantityUnits - 4 * slice.units)
        }
    }
}

@Suite("The equity curve between trades")
struct EquitySnapshotTests {
    @Test func snapshotsAreTakenAtTheIntervalAndNotTwiceWithinIt() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            var headers = user.bearer
            headers.add(name: "Idempotency-Key", value: "first")
            _ = try await app.sendRequest(.POST, "/api/v1/trading/orders", headers: headers,
                                          body: .json(#"{"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}"#))
            let service = EquitySnapshotService(trading: try #require(app.tradingService), interval: 900)
            // Right after the trade's own snapshot: nothing to add.
            #expect(try await service.runOnce(on: app.db, now: app.wallClock.now()) == 0)
            app.testClock.advance(by: 900)
            #expect(try await service.runOnce(on: app.db, now: app.wallClock.now()) == 1)
            #expect(try await service.runOnce(on: app.db, now: app.wallClock.now()) == 0)
            let reasons = try await EquitySnapshot.query(on: app.db).sort(\.$takenAt).all().map(\.reason)
            // Registration's starting point and the trade share the test clock's instant.
            #expect(Set(reasons.prefix(2)) == ["start", "trade"] && reasons.dropFirst(2) == ["interval"])
        }
    }
}

@Suite("Trading configuration")
struct TradingConfigTests {
    @Test func theExecutionRulesArePublishedAsConfigured() async throws {
        try await withDraizerApp(["TRADING_FEE_BPS": "7", "SLIPPAGE_BPS": "3", "MAX_PRICE_AGE_SECONDS": "90"]) { app in
            let config = try await app.sendRequest(.GET, "/api/v1/trading/config").json()
            #expect(config["fee_bps"] as? Int == 7)
            #expect(config["slippage_bps"] as? Int == 3)
            #expect(config["max_price_age_seconds"] as? Int == 90)
            #expect(config["initial_balance"] as? String == "1000")
            #expect(config["live_symbols"] as? [String] == ["BTCUSDT"])
            #expect(config["market_source"] as? String == "simulated")
        }
    }

    @Test func queryTimesMayCarryMilliseconds() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let response = try await app.sendRequest(
                .GET, "/api/v1/portfolio/transactions?from=2026-11-24T09:15:41.123Z&to=2026-11-24T10:00:00Z", headers: user.bearer)
            #expect(response.status == .ok, "\(response.body.string)")
        }
    }
}
