import Crypto
import DraizerCore
import Foundation
import Synchronization

/// The signed side of `FakeBinanceServer`: API keys with their secrets and balances, markets that fill
/// MARKET orders, and the orders placed. It checks requests as Binance does — key (`-2014`/`-2015`), HMAC
/// signature over the exact query string plus body (`-1022`), timestamp against its own clock and
/// `recvWindow` (`-1021`), LOT_SIZE and NOTIONAL (`-1013`), balance (`-2010`) — and answers in Binance's
/// formats: the FULL order answer, `GET /api/v3/order`, `GET /api/v3/myTrades`, `GET /api/v3/account`.
public final class FakeBinanceExchange: Sendable {
    /// Which asset a market charges its commission in.
    public enum CommissionAsset: Sendable {
        case quote
        case base
        /// Another asset (BNB), converted from the quote value at `priceInQuote`.
        case other(String, priceInQuote: Price)
    }

    /// A depth level MARKET orders fill against; nil quantity means unlimited.
    public struct Level: Sendable {
        public let price: Price
        public let quantity: Quantity?

        public init(price: Price, quantity: Quantity?) {
            self.price = price
            self.quantity = quantity
        }
    }

    public struct Market: Sendable {
        public var base: String
        public var quote: String
        /// Best first; the last level should be unlimited.
        public var levels: [Level]
        public var stepSize: Quantity
        public var minQty: Quantity
        public var maxQty: Quantity
        public var minNotional: Money
        /// Commission rate in basis points of what is received (10 = 0.1 %).
        public var commissionBasisPoints: Int64
        public var commissionAsset: CommissionAsset

        public init(
            base: String, quote: String, levels: [Level], stepSize: Quantity, minQty: Quantity, maxQty: Quantity,
            minNotional: Money, commissionBasisPoints: Int64, commissionAsset: CommissionAsset
        ) {
            self.base = base
            self.quote = quote
            self.levels = levels
            self.stepSize = stepSize
            self.minQty = minQty
            self.maxQty = maxQty
            self.minNotional = minNotional
            self.commissionBasisPoints = commissionBasisPoints
            self.commissionAsset = commissionAsset
        }

        /// BTCUSDT as in the fixtures: step 0.00001, min notional 5, filling at one price.
        public static func btcusdt(
            price: Price, commissionBasisPoints: Int64 = 10, commissionAsset: CommissionAsset = .quote
        ) -> Market {
            Market(base: "BTC", quote: "USDT", levels: [Level(price: price, quantity: nil)],
                   stepSize: Quantity(units: 1_000), minQty: Quantity(units: 1_000), maxQty: Quantity(9000),
                   minNotional: Money(5), commissionBasisPoints: commissionBasisPoints,
                   commissionAsset: commissionAsset)
        }
    }

    public struct Trade: Sendable {
        public let id: Int64
        public let price: Price
        public let quantity: Quantity
        public let quoteQuantity: Money
        public let commission: Quantity
        public let commissionAsset: String
    }

    public struct Order: Sendable {
        public let apiKey: String
        public let symbol: String
        public let orderId: Int64
        public let clientOrderId: String
        public let side: String
        public let origQty: Quantity
        public let origQuoteOrderQty: Money
        public let executedQty: Quantity
        public let cummulativeQuoteQty: Money
        public let time: Int64
        public let trades: [Trade]
    }

    private struct State {
        var secrets: [String: String] = [:]
        var balances: [String: [String: Int64]] = [:]
        var markets: [String: Market] = [:]
        public var orders: [Order] = []
        var nextOrderId: Int64 = 1000
        var nextTradeId: Int64 = 5000
    }

    private let state = Mutex(State())

    public init() {}

    // MARK: - Scripting

    /// Registers an API key with its secret and balances (`["USDT": "1000"]`).
    public func addAccount(apiKey: String, secret: String, balances: [String: String]) {
        state.withLock { state in
            state.secrets[apiKey] = secret
            state.balances[apiKey] = balances.mapValues { try! FixedPoint.parse($0) }
        }
    }

    public func setMarket(_ symbol: String, _ market: Market) { state.withLock { $0.markets[symbol] = market } }

    public func balance(_ apiKey: String, _ asset: String) -> String {
        state.withLock { FixedPoint.canonical($0.balances[apiKey]?[asset] ?? 0) }
    }

    public var orders: [Order] { state.withLock { $0.orders } }

    // MARK: - Serving

    private static let signedPaths: Set<String> = ["/api/v3/order", "/api/v3/account", "/api/v3/myTrades"]

    /// The answer to a signed endpoint, or nil for any other path. `rawQuery` and `body` are exactly as
    /// received: the signature is checked over them.
    func answer(
        method: String, path: String, rawQuery: String, body: String, apiKey: String?, serverTime: Int64
    ) -> (Int, String)? {
        guard Self.signedPaths.contains(path) else { return nil }
        return state.withLock { state -> (Int, String) in
            do throws(Rejection) {
                let parameters = try Self.authenticate(
                    rawQuery: rawQuery, body: body, apiKey: apiKey, serverTime: serverTime, state: state)
                let key = apiKey ?? ""
                switch (method, path) {
                case ("POST", "/api/v3/order"):
                    return try Self.placeOrder(parameters, apiKey: key, serverTime: serverTime, state: &state)
                case ("GET", "/api/v3/order"):
                    return (200, try Self.findOrder(parameters, apiKey: key, state: state).queryJSON)
                case ("GET", "/api/v3/myTrades"):
                    return (200, Self.myTrades(parameters, apiKey: key, state: state))
                case ("GET", "/api/v3/account"):
                    return (200, Self.account(parameters, apiKey: key, serverTime: serverTime, state: state))
                default:
                    return (405, #"{"code":-1000,"msg":"Unsupported method \#(method) \#(path)"}"#)
                }
            } catch {
                return (error.status, #"{"code":\#(error.code),"msg":"\#(error.message)"}"#)
            }
        }
    }

    struct Rejection: Error {
        let status: Int
        let code: Int
        let message: String

        static let insufficientBalance = Rejection(
            status: 400, code: -2010, message: "Account has insufficient balance for requested action.")
        static func filter(_ name: String) -> Rejection {
            Rejection(status: 400, code: -1013, message: "Filter failure: \(name)")
        }
        static func mandatory(_ name: String) -> Rejection {
            Rejection(status: 400, code: -1102,
                      message: "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
        }
    }

    /// Key, signature and timestamp, in Binance's order; returns the parameters (the query wins over the body).
    private static func authenticate(
        rawQuery: String, body: String, apiKey: String?, serverTime: Int64, state: State
    ) throws(Rejection) -> [String: String] {
        guard let apiKey, !apiKey.isEmpty, apiKey.allSatisfy({ $0.isASCII && $0.isLetter || $0.isNumber }) else {
            throw Rejection(status: 401, code: -2014, message: "API-key format invalid.")
        }
        guard let secret = state.secrets[apiKey] else {
            throw Rejection(status: 401, code: -2015, message: "Invalid API-key, IP, or permissions for action.")
        }
        let (query, querySignature) = withoutSignature(rawQuery)
        let (form, bodySignature) = withoutSignature(body)
        guard let signature = querySignature ?? bodySignature else { throw .mandatory("signature") }
        let expected = HMAC<SHA256>.authenticationCode(
            for: Data((query + form).utf8), using: SymmetricKey(data: Data(secret.utf8))
        ).map { String(format: "%02x", $0) }.joined()
        guard signature.lowercased() == expected else {
            throw Rejection(status: 400, code: -1022, message: "Signature for this request is not valid.")
        }
        var parameters = FakeBinanceServer.formParameters(form)
        parameters.merge(FakeBinanceServer.formParameters(query)) { _, fromQuery in fromQuery }
        guard let timestamp = parameters["timestamp"].flatMap({ Int64($0) }) else { throw .mandatory("timestamp") }
        let recvWindow = parameters["recvWindow"].flatMap { Int64($0) } ?? 5000
        guard recvWindow <= 60_000 else {
            throw Rejection(status: 400, code: -1131, message: "recvWindow must be less than 60000")
        }
        if timestamp >= serverTime + 1000 {
            throw Rejection(status: 400, code: -1021,
                            message: "Timestamp for this request was 1000ms ahead of the server's time.")
        }
        if serverTime - timestamp > recvWindow {
            throw Rejection(status: 400, code: -1021, message: "Timestamp for this request is outside of the recvWindow.")
        }
        return parameters
    }

    /// The text with its `signature=` pair removed (Binance signs everything else, as sent), and the signature.
    private static func withoutSignature(_ text: String) -> (String, String?) {
        var signature: String?
        let kept = text.split(separator: "&", omittingEmptySubsequences: false).filter { pair in
            guard pair.hasPrefix("signature=") else { return true }
            signature = String(pair.dropFirst("signature=".count))
            return false
        }
        return (kept.joined(separator: "&"), signature)
    }

    private static func placeOrder(
        _ parameters: [String: String], apiKey: String, serverTime: Int64, state: inout State
    ) throws(Rejection) -> (Int, String) {
        guard let symbol = parameters["symbol"], let market = state.markets[symbol] else {
            throw Rejection(status: 400, code: -1121, message: "Invalid symbol.")
        }
        guard let side = parameters["side"], side == "BUY" || side == "SELL" else { throw .mandatory("side") }
        guard parameters["type"] == "MARKET" else {
            throw Rejection(status: 400, code: -1116, message: "Invalid orderType.")
        }
        let clientOrderId = parameters["newClientOrderId"] ?? "fake\(state.nextOrderId)"
        let asked: Quantity?, spend: Money?
        switch (parameters["quantity"], parameters["quoteOrderQty"]) {
        case (let text?, nil):
            guard let quantity = try? Quantity(text) else {
                throw Rejection(status: 400, code: -1111, message: "Parameter 'quantity' has too much precision.")
            }
            guard quantity >= market.minQty, quantity <= market.maxQty, quantity.isMultiple(of: market.stepSize)
            else { throw .filter("LOT_SIZE") }
            (asked, spend) = (quantity, nil)
        case (nil, let text?):
            guard let amount = try? Money(text), amount.isPositive else {
                throw Rejection(status: 400, code: -1111, message: "Parameter 'quoteOrderQty' has too much precision.")
            }
            (asked, spend) = (nil, amount)
        case (nil, nil):
            throw Rejection(status: 400, code: -1102,
                            message: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!")
        case (_?, _?):
            throw Rejection(status: 400, code: -1106, message: "Parameter 'quoteOrderQty' sent when not required.")
        }

        // Walk the levels, flooring each take to the lot step.
        var pieces: [(Price, Quantity)] = []
        var remainingQuantity = asked
        var remainingQuote = spend
        for level in market.levels {
            var take: Quantity
            if let left = remainingQuantity {
                take = min(left, level.quantity ?? left)
            } else {
                let affordable = level.price.quantity(worth: remainingQuote ?? .zero, rounding: .down) ?? .zero
                take = min(affordable, level.quantity ?? affordable).floored(toMultipleOf: market.stepSize)
            }
            if take.isZero { break }
            pieces.append((level.price, take))
            if let left = remainingQuantity { remainingQuantity = left - take }
            if let quote = remainingQuote { remainingQuote = quote - level.price.notional(of: take, rounding: .down) }
            if remainingQuantity?.isZero == true { break }
        }
        let executed = pieces.reduce(Quantity.zero) { $0 + $1.1 }
        if spend != nil, executed < market.minQty || executed > market.maxQty { throw .filter("LOT_SIZE") }
        let notional = market.levels[0].price.notional(of: executed, rounding: .down)
        guard notional >= market.minNotional else { throw .filter("NOTIONAL") }

        // Trades with their commissions, in the asset received (or the configured other asset).
        var trades: [Trade] = []
        var nextTradeId = state.nextTradeId
        for (price, quantity) in pieces {
            let quote = price.notional(of: quantity, rounding: .down)
            let commission: Quantity, commissionAsset: String
            switch market.commissionAsset {
            case .quote:
                commission = Quantity(units: quote.scaled(basisPoints: market.commissionBasisPoints, rounding: .up).units)
                commissionAsset = market.quote
            case .base:
                commission = Quantity(units: FixedPoint.multiplyDivide(
                    quantity.units, market.commissionBasisPoints, 10_000, rounding: .up))
                commissionAsset = market.base
            case .other(let asset, let priceInQuote):
                let value = quote.scaled(basisPoints: market.commissionBasisPoints, rounding: .up)
                commission = priceInQuote.quantity(worth: value, rounding: .up) ?? .zero
                commissionAsset = asset
            }
            trades.append(Trade(id: nextTradeId, price: price, quantity: quantity, quoteQuantity: quote,
                                commission: commission, commissionAsset: commissionAsset))
            nextTradeId += 1
        }
        let quoteTotal = trades.reduce(Money.zero) { $0 + $1.quoteQuantity }

        // Balances: what is paid must be there; the commission comes out of its asset.
        var balances = state.balances[apiKey] ?? [:]
        let (paid, paidAmount, received, receivedAmount) = side == "BUY"
            ? (market.quote, quoteTotal.units, market.base, executed.units)
            : (market.base, executed.units, market.quote, quoteTotal.units)
        balances[paid, default: 0] -= paidAmount
        balances[received, default: 0] += receivedAmount
        for trade in trades { balances[trade.commissionAsset, default: 0] -= trade.commission.units }
        guard balances.values.allSatisfy({ $0 >= 0 }) else { throw .insufficientBalance }
        state.balances[apiKey] = balances
        state.nextTradeId = nextTradeId

        let order = Order(
            apiKey: apiKey, symbol: symbol, orderId: state.nextOrderId, clientOrderId: clientOrderId, side: side,
            origQty: asked ?? executed, origQuoteOrderQty: spend ?? .zero, executedQty: executed,
            cummulativeQuoteQty: quoteTotal, time: serverTime, trades: trades)
        state.nextOrderId += 1
        state.orders.append(order)
        return (200, order.fullJSON)
    }

    private static func findOrder(_ parameters: [String: String], apiKey: String, state: State) throws(Rejection) -> Order {
        let match = state.orders.last { order in
            order.apiKey == apiKey && order.symbol == parameters["symbol"]
                && (parameters["origClientOrderId"].map { $0 == order.clientOrderId }
                    ?? parameters["orderId"].map { $0 == String(order.orderId) } ?? false)
        }
        guard let match else { throw Rejection(status: 400, code: -2013, message: "Order does not exist.") }
        return match
    }

    private static func myTrades(_ parameters: [String: String], apiKey: String, state: State) -> String {
        let orders = state.orders.filter {
            $0.apiKey == apiKey && $0.symbol == parameters["symbol"] && String($0.orderId) == parameters["orderId"]
        }
        return "[" + orders.flatMap { order in order.trades.map { order.tradeJSON($0) } }.joined(separator: ",") + "]"
    }

    private static func account(_ parameters: [String: String], apiKey: String, serverTime: Int64, state: State) -> String {
        let omitZero = parameters["omitZeroBalances"] == "true"
        let balances = (state.balances[apiKey] ?? [:]).sorted { $0.key < $1.key }
            .filter { !omitZero || $0.value != 0 }
            .map { #"{"asset":"\#($0.key)","free":"\#(FixedPoint.format($0.value))","locked":"0.00000000"}"# }
        return #"{"makerCommission":10,"takerCommission":10,"buyerCommission":0,"sellerCommission":0,"# +
            #""commissionRates":{"maker":"0.00100000","taker":"0.00100000","buyer":"0.00000000","seller":"0.00000000"},"# +
            #""canTrade":true,"canWithdraw":false,"canDeposit":false,"brokered":false,"# +
            #""requireSelfTradePrevention":false,"preventSor":false,"updateTime":\#(serverTime),"# +
            #""accountType":"SPOT","balances":[\#(balances.joined(separator: ","))],"permissions":["SPOT"],"uid":42}"#
    }
}

extension FakeBinanceExchange.Order {
    private var commonFields: String {
        #""symbol":"\#(symbol)","orderId":\#(orderId),"orderListId":-1,"clientOrderId":"\#(clientOrderId)","# +
            #""price":"0.00000000","origQty":"\#(FixedPoint.format(origQty.units))","# +
            #""executedQty":"\#(FixedPoint.format(executedQty.units))","# +
            #""origQuoteOrderQty":"\#(FixedPoint.format(origQuoteOrderQty.units))","# +
            #""cummulativeQuoteQty":"\#(FixedPoint.format(cummulativeQuoteQty.units))","status":"FILLED","# +
            #""timeInForce":"GTC","type":"MARKET","side":"\#(side)","workingTime":\#(time),"# +
            #""selfTradePreventionMode":"EXPIRE_MAKER""#
    }

    /// The FULL answer to `POST /api/v3/order`.
    var fullJSON: String {
        let fills = trades.map {
            #"{"price":"\#(FixedPoint.format($0.price.units))","qty":"\#(FixedPoint.format($0.quantity.units))","# +
                #""commission":"\#(FixedPoint.format($0.commission.units))","commissionAsset":"\#($0.commissionAsset)","# +
                #""tradeId":\#($0.id)}"#
        }
        return "{" + commonFields + #","transactTime":\#(time),"fills":[\#(fills.joined(separator: ","))]}"#
    }

    /// The answer to `GET /api/v3/order`: no fills, `time` and `updateTime` instead of `transactTime`.
    var queryJSON: String {
        "{" + commonFields + #","stopPrice":"0.00000000","icebergQty":"0.00000000","time":\#(time),"# +
            #""updateTime":\#(time),"isWorking":true}"#
    }

    /// A row of `GET /api/v3/myTrades`.
    func tradeJSON(_ trade: FakeBinanceExchange.Trade) -> String {
        #"{"symbol":"\#(symbol)","id":\#(trade.id),"orderId":\#(orderId),"orderListId":-1,"# +
            #""price":"\#(FixedPoint.format(trade.price.units))","qty":"\#(FixedPoint.format(trade.quantity.units))","# +
            #""quoteQty":"\#(FixedPoint.format(trade.quoteQuantity.units))","# +
            #""commission":"\#(FixedPoint.format(trade.commission.units))","commissionAsset":"\#(trade.commissionAsset)","# +
            #""time":\#(time),"isBuyer":\#(side == "BUY"),"isMaker":false,"isBestMatch":true}"#
    }
}
