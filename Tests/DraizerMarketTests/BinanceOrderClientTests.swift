import DraizerCore
import DraizerTestFakes
import Foundation
import Testing
@testable import DraizerMarket

extension Fixtures {
    /// The reference's real testnet MARKET BUY with `quoteOrderQty=100` (LTCUSDT, ccxt PR #25645).
    static let testnetMarketBuy = #"""
    {
      "symbol": "LTCUSDT", "orderId": 150141, "orderListId": -1,
      "clientOrderId": "x-TKT5PX2Fd502236c63ff424f8b953c", "transactTime": 1743758004512,
      "price": "0.00000000", "origQty": "1.18100000", "executedQty": "1.18100000",
      "origQuoteOrderQty": "100.00000000", "cummulativeQuoteQty": "99.97165000",
      "status": "FILLED", "timeInForce": "GTC", "type": "MARKET", "side": "BUY",
      "workingTime": 1743758004512,
      "fills": [{"price": "84.65000000", "qty": "1.18100000", "commission": "0.00000000", "commissionAsset": "LTC", "tradeId": 22803}],
      "selfTradePreventionMode": "EXPIRE_MAKER"
    }
    """#
}

/// Signing, credentials and the Binance → core `Fill` rule, without a network.
@Suite struct BinanceOrderSigningTests {
    @Test func signatureMatchesBinancesDocumentedExample() {
        let credentials = BinanceCredentials(
            apiKey: "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
            secretKey: "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
        let payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
            + "&timestamp=1499827319559"
        #expect(credentials.signature(for: payload) == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
    }

    @Test func credentialsNeverPrintTheSecret() {
        let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
        let credentials = BinanceCredentials(apiKey: "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
                                             secretKey: secret)
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            credentials.description, credentials.debugDescription, String(describing: credentials),
            String(reflecting: credentials), "\(credentials)", "\([credentials])", "\(Optional(credentials) as Any)",
            dumped,
        ]
        for text in renderings {
            #expect(!text.contains(secret), "leaked in: \(text)")
            #expect(!text.contains("NhqP"), "leaked in: \(text)")
            #expect(!text.contains("vmPUZE6mv9SD"), "whole key in: \(text)")
        }
        #expect(credentials.description == "BinanceCredentials(apiKey: vmPU…(64), secretKey: <redacted>)")
    }

    @Test func errorsMapBinanceCodesToStableCodes() {
        let cases: [(Int, Int, String, String)] = [
            (400, -2010, "Account has insufficient balance for requested action.", "insufficient_balance"),
            (400, -2010, "Market is closed.", "order_rejected"),
            (400, -1013, "Filter failure: NOTIONAL", "filter_failure"),
            (400, -1021, "Timestamp for this request is outside of the recvWindow.", "timestamp_outside_recv_window"),
            (401, -2014, "API-key format invalid.", "invalid_api_key"),
            (401, -2015, "Invalid API-key, IP, or permissions for action.", "invalid_api_key"),
            (400, -1022, "Signature for this request is not valid.", "invalid_signature"),
            (400, -1121, "Invalid symbol.", "invalid_symbol"),
            (400, -1111, "Parameter 'quantity' has too much precision.", "invalid_request"),
            (400, -2011, "Unknown order sent.", "binance_error"),
        ]
        for (status, code, message, expected) in cases {
            let error = BinanceOrderError(status: status, code: code, message: message)
            #expect(error.code == expected, "\(code) \(message)")
            #expect(error.binanceCode == code)
            #expect(!error.message.isEmpty)
        }
        #expect(BinanceOrderError(status: 400, code: -1013, message: "Filter failure: LOT_SIZE")
            == .filterFailure(filter: "LOT_SIZE", message: "Filter failure: LOT_SIZE"))
        #expect(BinanceOrderError(.rateLimited(retryAfter: .seconds(7))).code == "rate_limited")
        #expect(BinanceOrderError(.banned(until: 1)).code == "ip_banned")
        #expect(BinanceOrderError(.timeout(path: "/api/v3/account")).code == "binance_unavailable")
    }

    @Test func realTestnetAnswerDecodesAndBecomesAFill() throws {
        let result = try JSONDecoder().decode(BinanceOrderResult.self, from: Data(Fixtures.testnetMarketBuy.utf8))
        #expect(result.orderId == 150141)
        #expect(result.clientOrderId == "x-TKT5PX2Fd502236c63ff424f8b953c")
        #expect(result.status == .filled)
        #expect(result.side == .buy)
        #expect(result.executedQty == quantity("1.181"))
        #expect(result.cummulativeQuoteQty == money("99.97165"))
        #expect(result.transactTime == 1743758004512)
        let fill = try result.fill(for: Self.info("LTCUSDT", base: "LTC"))
        #expect(fill == Fill(symbol: symbol("LTCUSDT"), side: .buy, quantity: quantity("1.181"), price: price("84.65"),
                             quoteAmount: money("99.97165"), fee: .zero, feeAsset: .usdt))
    }

    @Test func quoteCommissionIsTheFeeAndThePriceIsVolumeWeighted() throws {
        let result = Self.order(side: .buy, executed: "0.003", quote: "90.01", fills: [
            BinanceOrderFill(price: price("30000"), quantity: quantity("0.002"), commission: quantity("0.06"),
                             commissionAsset: .usdt),
            BinanceOrderFill(price: price("30010"), quantity: quantity("0.001"), commission: quantity("0.03001"),
                             commissionAsset: .usdt),
        ])
        let fill = try result.fill(for: Self.info("BTCUSDT", base: "BTC"))
        // (60 + 30.01) / 0.003 = 30003.333…, rounded half up to 10⁻⁸.
        #expect(fill.price == price("30003.33333333"))
        #expect(fill.quantity == quantity("0.003"))
        #expect(fill.quoteAmount == money("90.01"))
        #expect(fill.fee == money("0.09001"))
        #expect(fill.cashDelta == money("-90.10001"))
    }

    @Test func baseCommissionNetsTheQuantityAndKeepsCashExact() throws {
        let result = Self.order(side: .buy, executed: "0.01", quote: "300", fills: [
            BinanceOrderFill(price: price("30000"), quantity: quantity("0.01"), commission: quantity("0.00001"),
                             commissionAsset: try Asset("BTC")),
        ])
        let fill = try result.fill(for: Self.info("BTCUSDT", base: "BTC"))
        #expect(fill.quantity == quantity("0.00999"))
        #expect(fill.price == price("30000"))
        #expect(fill.fee == money("0.3"))
        #expect(fill.quoteAmount == money("299.7"))
        #expect(fill.cashDelta == money("-300"))
        #expect(fill.feeAsset == .usdt)
    }

    @Test func commissionInBNBIsLeftOutOfTheFillAndReportedApart() throws {
        let bnb = try Asset("BNB")
        let result = Self.order(side: .sell, executed: "0.5", quote: "15000", fills: [
            BinanceOrderFill(price: price("30000"), quantity: quantity("0.5"), commission: quantity("0.025"),
                             commissionAsset: bnb),
        ])
        let info = Self.info("BTCUSDT", base: "BTC")
        let fill = try result.fill(for: info)
        #expect(fill.fee == .zero)
        #expect(fill.quantity == quantity("0.5"))
        #expect(fill.cashDelta == money("15000"))
        #expect(result.commissions(outside: info) == [bnb: quantity("0.025")])
    }

    @Test func anOrderThatExecutedNothingHasNoFill() {
        let result = Self.order(side: .buy, executed: "0", quote: "0", status: .expired, fills: [])
        #expect(throws: BinanceOrderResult.FillConversionError.nothingExecuted(status: .expired)) {
            try result.fill(for: Self.info("BTCUSDT", base: "BTC"))
        }
    }

    static func info(_ name: String, base: String) -> SymbolInfo {
        SymbolInfo(symbol: symbol(name), baseAsset: try! Asset(base), quoteAsset: .usdt, filters: .unrestricted)
    }

    static func order(
        side: OrderSide, executed: String, quote: String, status: BinanceOrderStatus = .filled,
        fills: [BinanceOrderFill]
    ) -> BinanceOrderResult {
        BinanceOrderResult(
            symbol: symbol("BTCUSDT"), orderId: 1, clientOrderId: "c1", side: side, type: "MARKET", status: status,
            origQty: quantity(executed), executedQty: quantity(executed), cummulativeQuoteQty: money(quote),
            transactTime: 1_700_000_000_000, fills: fills)
    }
}

/// The order client against the fake Binance over real HTTP: the fake verifies every signature.
@Suite struct BinanceOrderClientTests {
    static let credentials = BinanceCredentials(
        apiKey: "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
        secretKey: "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
    static let key = credentials.apiKey
    static let btcusdt = symbol("BTCUSDT")

    /// A fake with one funded account and BTCUSDT filling at 30 000, its clock 1.234 s ahead of the client's.
    private func withExchange(
        balances: [String: String] = ["USDT": "1000", "BTC": "1"],
        market: FakeBinanceExchange.Market = .btcusdt(price: Price(30_000)),
        options: BinanceOrderClient.Options = .init(),
        _ body: (FakeBinanceServer, BinanceOrderClient, TestClock) async throws -> Void
    ) async throws {
        try await FakeBinanceServer.with { server in
            let clock = TestClock()
            server.setServerTime(clock.now + 1_234)
            server.exchange.addAccount(apiKey: Self.key, secret: Self.credentials.secretKey, balances: balances)
            server.exchange.setMarket("BTCUSDT", market)
            let client = BinanceOrderClient(baseURL: server.restURL, options: options, clock: clock.marketClock)
            try await body(server, client, clock)
        }
    }

    private func expectOrderError(
        _ expected: BinanceOrderError, _ operation: () async throws -> some Any
    ) async {
        await #expect(throws: expected) { _ = try await operation() }
    }

    @Test func marketBuyByQuoteAmountIsSignedAsAFormBody() async throws {
        try await withExchange { server, client, clock in
            let result = try await client.placeMarketOrder(
                symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), clientOrderId: "buy-1",
                credentials: Self.credentials)
            #expect(result.status == .filled)
            #expect(result.clientOrderId == "buy-1")
            #expect(result.executedQty == quantity("0.00333"))  // 100 / 30 000, floored to the 0.00001 step
            #expect(result.cummulativeQuoteQty == money("99.9"))
            #expect(result.transactTime == clock.now + 1_234)
            #expect(result.fills.count == 1)
            #expect(result.fills[0].commission == quantity("0.0999"))
            #expect(result.fills[0].commissionAsset == .usdt)

            let post = try #require(server.requests(to: "/api/v3/order").first)
            #expect(post.method == "POST")
            #expect(post.query.isEmpty)
            #expect(post.apiKey == Self.key)
            let timestamp = clock.now + 1_234
            let unsigned = "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100&newClientOrderId=buy-1"
                + "&newOrderRespType=FULL&recvWindow=5000&timestamp=\(timestamp)"
            #expect(post.body == unsigned + "&signature=" + Self.credentials.signature(for: unsigned))
            #expect(server.exchange.balance(Self.key, "USDT") == "900.0001")
            #expect(server.exchange.balance(Self.key, "BTC") == "1.00333")
        }
    }

    @Test func marketSellByQuantityCreditsTheQuoteLessCommission() async throws {
        try await withExchange { server, client, _ in
            let result = try await client.placeMarketOrder(
                symbol: Self.btcusdt, side: .sell, quantity: quantity("0.5"), credentials: Self.credentials)
            #expect(result.side == .sell)
            #expect(result.executedQty == quantity("0.5"))
            #expect(result.cummulativeQuoteQty == money("15000"))
            #expect(result.clientOrderId.hasPrefix("draizer-"))
            #expect(server.requests(to: "/api/v3/order").first?.form["quantity"] == "0.5")
            let fill = try result.fill(for: BinanceOrderSigningTests.info("BTCUSDT", base: "BTC"))
            #expect(fill.fee == money("15"))
            #expect(fill.cashDelta == money("14985"))
            #expect(server.exchange.balance(Self.key, "USDT") == "15985")
            #expect(server.exchange.balance(Self.key, "BTC") == "0.5")
        }
    }

    @Test func buyWithBaseCommissionBooksWhatTheAccountReallyGot() async throws {
        try await withExchange(market: .btcusdt(price: Price(30_000), commissionAsset: .base)) { server, client, _ in
            let result = try await client.placeMarketOrder(
                symbol: Self.btcusdt, side: .buy, quantity: quantity("0.01"), credentials: Self.credentials)
            let fill = try result.fill(for: BinanceOrderSigningTests.info("BTCUSDT", base: "BTC"))
            // The account gained 0.01 − 0.00001 BTC and paid exactly 300 USDT.
            #expect(fill.quantity == quantity("0.00999"))
            #expect(fill.cashDelta == money("-300"))
            #expect(fill.fee == money("0.3"))
            #expect(server.exchange.balance(Self.key, "BTC") == "1.00999")
            #expect(server.exchange.balance(Self.key, "USDT") == "700")
        }
    }

    @Test func accountListsTheBalances() async throws {
        try await withExchange(balances: ["USDT": "1000", "BTC": "0.5", "ETH": "0"]) { server, client, _ in
            let account = try await client.account(credentials: Self.credentials)
            #expect(account.canTrade)
            #expect(account.balances.map(\.asset.rawValue) == ["BTC", "USDT"])
            #expect(account.balance(of: .usdt).free == quantity("1000"))
            #expect(account.balance(of: try Asset("ETH")).total == .zero)
            let request = try #require(server.requests(to: "/api/v3/account").first)
            #expect(request.method == "GET")
            #expect(request.query["omitZeroBalances"] == "true")
            #expect(request.query["signature"] != nil)
        }
    }

    @Test func insufficientBalanceIsATypedError() async throws {
        try await withExchange(balances: ["USDT": "50"]) { server, client, _ in
            await expectOrderError(.insufficientBalance(message: "Account has insufficient balance for requested action.")) {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), credentials: Self.credentials)
            }
            #expect(server.requests(to: "/api/v3/order").count == 1)
            #expect(server.exchange.balance(Self.key, "USDT") == "50")
        }
    }

    @Test func quantityOffTheLotStepIsAFilterFailure() async throws {
        try await withExchange { _, client, _ in
            await expectOrderError(.filterFailure(filter: "LOT_SIZE", message: "Filter failure: LOT_SIZE")) {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .sell, quantity: quantity("0.000015"), credentials: Self.credentials)
            }
        }
    }

    @Test func tooSmallAnOrderIsANotionalFailure() async throws {
        try await withExchange { _, client, _ in
            await expectOrderError(.filterFailure(filter: "NOTIONAL", message: "Filter failure: NOTIONAL")) {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(1), credentials: Self.credentials)
            }
        }
    }

    @Test func staleTimestampResynchronizesTheClockAndRetriesOnce() async throws {
        try await withExchange { server, client, clock in
            try await client.synchronizeClock()
            server.setServerTime(clock.now + 1_234 + 20_000)  // Binance's clock jumps 20 s ahead
            let result = try await client.placeMarketOrder(
                symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), credentials: Self.credentials)
            #expect(result.status == .filled)
            #expect(server.requests(to: "/api/v3/order").count == 2)
            #expect(server.requests(to: "/api/v3/time").count == 2)
            #expect(client.rest.clockOffset == 21_234)
            #expect(server.exchange.orders.count == 1)
        }
    }

    @Test func timestampStillOutsideTheWindowAfterTheRetryIsReported() async throws {
        try await withExchange { server, client, _ in
            let stale = #"{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}"#
            server.inject(.status(400, body: stale), .status(400, body: stale), on: "POST /api/v3/order")
            await expectOrderError(.timestampOutsideRecvWindow(
                message: "Timestamp for this request is outside of the recvWindow.")) {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), credentials: Self.credentials)
            }
            #expect(server.requests(to: "/api/v3/order").count == 2)
            #expect(server.exchange.orders.isEmpty)
        }
    }

    @Test func unknownAPIKeyIsRejected() async throws {
        try await withExchange { server, client, _ in
            let stranger = BinanceCredentials(apiKey: "unknownKey123", secretKey: Self.credentials.secretKey)
            await expectOrderError(.invalidAPIKey(binanceCode: -2015, message: "Invalid API-key, IP, or permissions for action.")) {
                try await client.account(credentials: stranger)
            }
            #expect(server.requests(to: "/api/v3/account").count == 1)
        }
    }

    @Test func wrongSecretIsAnInvalidSignature() async throws {
        try await withExchange { server, client, _ in
            let wrong = BinanceCredentials(apiKey: Self.key, secretKey: "not-the-secret")
            await expectOrderError(.invalidSignature(message: "Signature for this request is not valid.")) {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), credentials: wrong)
            }
            #expect(server.exchange.orders.isEmpty)
        }
    }

    @Test func unknownSymbolIsAnInvalidSymbol() async throws {
        try await withExchange { _, client, _ in
            await expectOrderError(.invalidSymbol(message: "Invalid symbol.")) {
                try await client.placeMarketOrder(
                    symbol: symbol("XYZUSDT"), side: .buy, quoteOrderQty: Money(100), credentials: Self.credentials)
            }
        }
    }

    @Test func malformedRequestsAreRefusedBeforeSending() async throws {
        try await withExchange { server, client, _ in
            await #expect(throws: BinanceOrderError.self) {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), quantity: quantity("1"),
                    credentials: Self.credentials)
            }
            await #expect(throws: BinanceOrderError.self) {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), clientOrderId: "has space",
                    credentials: Self.credentials)
            }
            await #expect(throws: BinanceOrderError.self) {
                try await client.account(credentials: BinanceCredentials(apiKey: "key\n", secretKey: "s"))
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test func shortRateLimitOnAnOrderIsWaitedOutAndTheOrderSentAgain() async throws {
        try await withExchange { server, client, clock in
            server.inject(.status(429, retryAfter: 2), on: "POST /api/v3/order")
            let result = try await client.placeMarketOrder(
                symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), credentials: Self.credentials)
            #expect(result.status == .filled)
            #expect(clock.sleeps == [.seconds(2)])
            #expect(server.exchange.orders.count == 1)
        }
    }

    @Test func banStopsOrdersUntilItEnds() async throws {
        try await withExchange { server, client, clock in
            server.inject(.status(418, retryAfter: 300, body: #"{"code":-1003,"msg":"Way too much request weight used; IP banned"}"#),
                          on: "POST /api/v3/order")
            let until = clock.now + 300_000
            await expectOrderError(.banned(until: until)) {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), credentials: Self.credentials)
            }
            await expectOrderError(.banned(until: until)) { try await client.account(credentials: Self.credentials) }
            #expect(server.requests(to: "/api/v3/account").isEmpty)
        }
    }

    @Test func timedOutOrderIsLookedUpByClientOrderIdNotSentAgain() async throws {
        try await withExchange(options: .init(requestTimeout: .milliseconds(300))) { server, client, _ in
            server.inject(.delay(.seconds(3)), on: "POST /api/v3/order")
            let result = try await client.placeMarketOrder(
                symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), clientOrderId: "slow-1",
                credentials: Self.credentials)
            #expect(result.clientOrderId == "slow-1")
            #expect(result.executedQty == quantity("0.00333"))
            #expect(result.fills.map(\.commission) == [quantity("0.0999")])  // from myTrades
            let orderRequests = server.requests(to: "/api/v3/order")
            #expect(orderRequests.map(\.method) == ["POST", "GET"])
            #expect(orderRequests[1].query["origClientOrderId"] == "slow-1")
            #expect(server.requests(to: "/api/v3/myTrades").first?.query["orderId"] == String(result.orderId))
            #expect(server.exchange.orders.count == 1)
            #expect(server.exchange.balance(Self.key, "USDT") == "900.0001")
        }
    }

    @Test func serverErrorAfterSendingIsLookedUpToo() async throws {
        try await withExchange { server, client, _ in
            server.inject(.dropAnswer, on: "POST /api/v3/order")
            let result = try await client.placeMarketOrder(
                symbol: Self.btcusdt, side: .sell, quantity: quantity("0.1"), clientOrderId: "dropped-1",
                credentials: Self.credentials)
            #expect(result.status == .filled)
            #expect(result.fills.count == 1)
            #expect(server.requests(to: "/api/v3/order").map(\.method) == ["POST", "GET"])
            #expect(server.exchange.orders.count == 1)
        }
    }

    @Test func lostOrderBinanceNeverSawEndsAsUnknownWithoutResending() async throws {
        try await withExchange(options: .init(lookupAttempts: 3)) { server, client, clock in
            server.inject(.disconnect, on: "POST /api/v3/order")
            await #expect {
                try await client.placeMarketOrder(
                    symbol: Self.btcusdt, side: .buy, quoteOrderQty: Money(100), clientOrderId: "gone-1",
                    credentials: Self.credentials)
            } throws: { error in
                guard case .executionUnknown("gone-1", let reason)? = error as? BinanceOrderError else { return false }
                return reason.contains("no such order")
            }
            #expect(server.requests(to: "/api/v3/order").map(\.method) == ["POST", "GET", "GET", "GET"])
            #expect(clock.sleeps.count == 2)
            #expect(server.exchange.orders.isEmpty)
        }
    }

    @Test func queryingAMissingOrderIsOrderNotFound() async throws {
        try await withExchange { _, client, _ in
            await expectOrderError(.orderNotFound(clientOrderId: "nope")) {
                try await client.order(symbol: Self.btcusdt, clientOrderId: "nope", credentials: Self.credentials)
            }
        }
    }
}
