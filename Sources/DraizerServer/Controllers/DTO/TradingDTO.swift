import DraizerCore
import Foundation
import Vapor

/// `POST /api/v1/trading/orders`: a market order for a quote amount to spend (buys) or a base quantity.
struct PlaceOrderRequest: FlatStrictContent, Equatable {
    static let fields: Set<String> = ["side", "symbol", "quote_amount", "quantity"]
    let side: String
    let symbol: String
    let quoteAmount: String?
    let quantity: String?

    init?(fields: [String: String]) {
        guard let side = fields["side"], let symbol = fields["symbol"] else { return nil }
        self.side = side
        self.symbol = symbol
        quoteAmount = fields["quote_amount"]
        quantity = fields["quantity"]
    }

    func order() throws -> OrderRequest {
        guard let side = OrderSide(rawValue: side.lowercased()) else {
            throw Problem.validation("side must be buy or sell.", params: [.init(name: "side", reason: "must be buy or sell")])
        }
        let symbol: Symbol
        do { symbol = try Symbol(self.symbol) } catch {
            throw Problem.validation(error.description, params: [.init(name: "symbol", reason: "is not a symbol")])
        }
        switch (quoteAmount, quantity) {
        case (let amount?, nil):
            let money: Money
            do { money = try Money(amount) } catch {
                throw Problem.validation("quote_amount: \(error.description)", params: [.init(name: "quote_amount", reason: error.description)])
            }
            guard money.isPositive else {
                throw Problem.validation("quote_amount must be above 0.", params: [.init(name: "quote_amount", reason: "must be above 0")])
            }
            return OrderRequest(side: side, symbol: symbol, size: .quoteAmount(money))
        case (nil, let quantity?):
            do { return OrderRequest(side: side, symbol: symbol, size: .quantity(try Quantity(quantity))) } catch {
                throw Problem.validation("quantity: \(error.description)", params: [.init(name: "quantity", reason: error.description)])
            }
        default:
            throw Problem.validation("Give exactly one of quote_amount or quantity.",
                                     params: [.init(name: "quote_amount", reason: "exactly one of quote_amount or quantity")])
        }
    }
}

struct TransactionResponse: Content, Equatable {
    let id: UUID
    let symbol: String
    let side: String
    let quantity: String
    let price: String
    let quoteAmount: String
    let fee: String
    let feeAsset: String
    let realizedPnl: String?
    let venue: String
    let source: String
    let runNumber: Int
    let createdAt: Date?

    init(id: UUID, fill: Fill, realizedPnL: Money?, venue: String, source: String, runNumber: Int, createdAt: Date) {
        self.id = id
        symbol = fill.symbol.rawValue
        side = fill.side.rawValue
        quantity = fill.quantity.description
        price = fill.price.description
        quoteAmount = fill.quoteAmount.description
        fee = fill.fee.description
        feeAsset = fill.feeAsset.rawValue
        realizedPnl = realizedPnL?.description
        self.venue = venue
        self.source = source
        self.runNumber = runNumber
        self.createdAt = createdAt
    }

    /// What the API's encoder writes for this, written directly (an order's hot path).
    var json: JSONObject {
        var object = JSONObject()
        object.set("id", id)
        object.set("symbol", symbol)
        object.set("side", side)
        object.set("quantity", quantity)
        object.set("price", price)
        object.set("quote_amount", quoteAmount)
        object.set("fee", fee)
        object.set("fee_asset", feeAsset)
        object.set("realized_pnl", realizedPnl)
        object.set("venue", venue)
        object.set("source", source)
        object.set("run_number", runNumber)
        object.set("created_at", createdAt)
        return object
    }

    init(_ row: PortfolioTransaction) {
        id = row.id!
        symbol = row.symbol
        side = row.side
        quantity = Quantity(units: row.quantityUnits).description
        price = Price(units: row.priceUnits).description
        quoteAmount = Money(units: row.quoteAmountUnits).description
        fee = Money(units: row.feeUnits).description
        feeAsset = row.feeAsset
        realizedPnl = row.realizedPnLUnits.map { Money(units: $0).description }
        venue = row.venue
        source = row.source
        runNumber = row.runNumber
        createdAt = row.createdAt
    }
}

struct PositionResponse: Content, Equatable {
    let symbol: String
    let quantity: String
    let averageEntryPrice: String
    let costBasis: String
    let realizedPnl: String
    let currentPrice: String?
    let marketValue: String?
    let unrealizedPnl: String?

    init(_ position: PositionState, mark: Price?) {
        symbol = position.symbol.rawValue
        quantity = position.quantity.description
        averageEntryPrice = position.averageEntryPrice.description
        costBasis = position.costBasis.description
        realizedPnl = position.realizedPnL.description
        currentPrice = mark?.description
        marketValue = mark.map { position.marketValue(at: $0).description }
        unrealizedPnl = mark.map { position.unrealizedPnL(at: $0).description }
    }

    /// What the API's encoder writes for this, written directly (an order's hot path).
    var json: JSONObject {
        var object = JSONObject()
        object.set("symbol", symbol)
        object.set("quantity", quantity)
        object.set("average_entry_price", averageEntryPrice)
        object.set("cost_basis", costBasis)
        object.set("realized_pnl", realizedPnl)
        object.set("current_price", currentPrice)
        object.set("market_value", marketValue)
        object.set("unrealized_pnl", unrealizedPnl)
        return object
    }

    init(row: Position?, symbol: String, mark: Price?) {
        self.symbol = symbol
        quantity = Quantity(units: row?.quantityUnits ?? 0).description
        averageEntryPrice = Price(units: row?.averageEntryPriceUnits ?? 0).description
        costBasis = Money(units: row?.costBasisUnits ?? 0).description
        realizedPnl = Money(units: row?.realizedPnLUnits ?? 0).description
        currentPrice = mark?.description
        marketValue = nil
        unrealizedPnl = nil
    }
}

struct PlacedOrderResponse: Content {
    let transaction: TransactionResponse
    let cash: String
    let position: PositionResponse

    /// What the API's encoder writes for this, written directly (an order's hot path).
    var json: JSONObject {
        var object = JSONObject()
        object.set("transaction", transaction.json)
        object.set("cash", cash)
        object.set("position", position.json)
        return object
    }
}
