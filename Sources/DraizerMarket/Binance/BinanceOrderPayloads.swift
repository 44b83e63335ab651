import DraizerCore
import Foundation

/// An order's status as Binance reports it. A struct rather than an enum so a status Binance adds later
/// decodes instead of failing the whole answer.
public struct BinanceOrderStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let new = Self(rawValue: "NEW")
    public static let pendingNew = Self(rawValue: "PENDING_NEW")
    public static let partiallyFilled = Self(rawValue: "PARTIALLY_FILLED")
    public static let filled = Self(rawValue: "FILLED")
    public static let canceled = Self(rawValue: "CANCELED")
    public static let pendingCancel = Self(rawValue: "PENDING_CANCEL")
    public static let rejected = Self(rawValue: "REJECTED")
    /// A MARKET order that could not fully fill ends here (possibly with some fills).
    public static let expired = Self(rawValue: "EXPIRED")
    /// Expired by self-trade prevention.
    public static let expiredInMatch = Self(rawValue: "EXPIRED_IN_MATCH")

    /// Whether the order can no longer change.
    public var isFinal: Bool {
        [Self.filled, .canceled, .rejected, .expired, .expiredInMatch].contains(self)
    }

    public var description: String { rawValue }
}

/// One trade of an order: an entry of the FULL response's `fills`, or of `GET /api/v3/myTrades`.
public struct BinanceOrderFill: Sendable, Hashable {
    public let price: Price
    public let quantity: Quantity
    /// Charged in `commissionAsset`: on Binance, the asset received (base on a buy, quote on a sell), or BNB
    /// when the account pays fees in BNB.
    public let commission: Quantity
    public let commissionAsset: Asset
    public let tradeId: Int64?

    public init(price: Price, quantity: Quantity, commission: Quantity, commissionAsset: Asset, tradeId: Int64? = nil) {
        self.price = price
        self.quantity = quantity
        self.commission = commission
        self.commissionAsset = commissionAsset
        self.tradeId = tradeId
    }
}

extension BinanceOrderFill: Decodable {
    private enum CodingKeys: String, CodingKey {
        case price, qty, commission, commissionAsset, tradeId, id
    }

    /// Accepts both shapes: `fills` entries (`tradeId`) and `myTrades` rows (`id`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        price = try container.decode(Price.self, forKey: .price)
        quantity = try container.decode(Quantity.self, forKey: .qty)
        commission = try container.decode(Quantity.self, forKey: .commission)
        commissionAsset = try container.decode(Asset.self, forKey: .commissionAsset)
        tradeId = try container.decodeIfPresent(Int64.self, forKey: .tradeId)
            ?? container.decodeIfPresent(Int64.self, forKey: .id)
    }
}

/// An order as Binance reports it: the FULL answer to `POST /api/v3/order`, or the answer to
/// `GET /api/v3/order` completed with the order's trades. Exact decimals throughout.
public struct BinanceOrderResult: Sendable, Hashable {
    public let symbol: Symbol
    public let orderId: Int64
    public let clientOrderId: String
    public let side: OrderSide
    /// `MARKET`, `LIMIT`, …
    public let type: String
    public let status: BinanceOrderStatus
    /// The base quantity asked for (0 when the order was sized by `quoteOrderQty`).
    public let origQty: Quantity
    /// The base quantity traded, before any commission taken in the base asset.
    public let executedQty: Quantity
    /// The quote amount traded (Binance's spelling), before any commission taken in the quote asset.
    public let cummulativeQuoteQty: Money
    /// When the order was placed (ms since the epoch): `transactTime`, or `time` for a queried order.
    public let transactTime: Int64
    /// The trades, oldest first; empty when nothing executed.
    public let fills: [BinanceOrderFill]

    public init(
        symbol: Symbol, orderId: Int64, clientOrderId: String, side: OrderSide, type: String,
        status: BinanceOrderStatus, origQty: Quantity, executedQty: Quantity, cummulativeQuoteQty: Money,
        transactTime: Int64, fills: [BinanceOrderFill]
    ) {
        self.symbol = symbol
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.side = side
        self.type = type
        self.status = status
        self.origQty = origQty
        self.executedQty = executedQty
        self.cummulativeQuoteQty = cummulativeQuoteQty
        self.transactTime = transactTime
        self.fills = fills
    }

    /// The same order with its trades (from `myTrades`) in place of `fills`.
    func with(fills: [BinanceOrderFill]) -> BinanceOrderResult {
        BinanceOrderResult(
            symbol: symbol, orderId: orderId, clientOrderId: clientOrderId, side: side, type: type, status: status,
            origQty: origQty, executedQty: executedQty, cummulativeQuoteQty: cummulativeQuoteQty,
            transactTime: transactTime, fills: fills)
    }
}

extension BinanceOrderResult: Decodable {
    private enum CodingKeys: String, CodingKey {
        case symbol, orderId, clientOrderId, side, type, status, origQty, executedQty, cummulativeQuoteQty
        case transactTime, time, fills
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try container.decode(Symbol.self, forKey: .symbol)
        orderId = try container.decode(Int64.self, forKey: .orderId)
        clientOrderId = try container.decode(String.self, forKey: .clientOrderId)
        let sideText = try container.decode(String.self, forKey: .side)
        guard let side = OrderSide(rawValue: sideText.lowercased()) else {
            throw DecodingError.dataCorruptedError(
                forKey: .side, in: container, debugDescription: "'\(sideText)' is not BUY or SELL")
        }
        self.side = side
        type = try container.decode(String.self, forKey: .type)
        status = BinanceOrderStatus(rawValue: try container.decode(String.self, forKey: .status))
        origQty = try container.decode(Quantity.self, forKey: .origQty)
        executedQty = try container.decode(Quantity.self, forKey: .executedQty)
        cummulativeQuoteQty = try container.decode(Money.self, forKey: .cummulativeQuoteQty)
        guard let time = try container.decodeIfPresent(Int64.self, forKey: .transactTime)
            ?? container.decodeIfPresent(Int64.self, forKey: .time)
        else {
            throw DecodingError.keyNotFound(
                CodingKeys.transactTime, .init(codingPath: container.codingPath, debugDescription: "no transactTime or time"))
        }
        transactTime = time
        fills = try container.decodeIfPresent([BinanceOrderFill].self, forKey: .fills) ?? []
    }
}

/// One asset of `GET /api/v3/account`.
public struct BinanceBalance: Sendable, Hashable, Decodable {
    public let asset: Asset
    /// Available to trade.
    public let free: Quantity
    /// Held by open orders.
    public let locked: Quantity

    public init(asset: Asset, free: Quantity, locked: Quantity) {
        self.asset = asset
        self.free = free
        self.locked = locked
    }

    public var total: Quantity { free + locked }
}

/// The parts of `GET /api/v3/account` the server shows and checks.
public struct BinanceAccount: Sendable, Hashable {
    /// `SPOT` for a spot account.
    public let accountType: String
    /// False when the key's account may not trade at all.
    public let canTrade: Bool
    /// Commission in basis points (15 = 0.15 %).
    public let makerCommission: Int
    public let takerCommission: Int
    /// Last balance change, ms since the epoch.
    public let updateTime: Int64
    /// Sorted by asset.
    public let balances: [BinanceBalance]
    /// Balance entries that could not be read as domain values (an asset name the domain rejects, an amount
    /// beyond its range), by asset name; left out of `balances` rather than failing the whole answer.
    public let skippedAssets: [String]

    /// The balance of one asset; zero when the account does not list it.
    public func balance(of asset: Asset) -> BinanceBalance {
        balances.first { $0.asset == asset } ?? BinanceBalance(asset: asset, free: .zero, locked: .zero)
    }
}

extension BinanceAccount: Decodable {
    private enum CodingKeys: String, CodingKey {
        case accountType, canTrade, makerCommission, takerCommission, updateTime, balances
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accountType = try container.decodeIfPresent(String.self, forKey: .accountType) ?? "SPOT"
        canTrade = try container.decode(Bool.self, forKey: .canTrade)
        makerCommission = try container.decodeIfPresent(Int.self, forKey: .makerCommission) ?? 0
        takerCommission = try container.decodeIfPresent(Int.self, forKey: .takerCommission) ?? 0
        updateTime = try container.decodeIfPresent(Int64.self, forKey: .updateTime) ?? 0
        var balances: [BinanceBalance] = [], skipped: [String] = []
        for entry in try container.decode([BalanceEntry].self, forKey: .balances) {
            switch entry {
            case .balance(let balance): balances.append(balance)
            case .skipped(let name): skipped.append(name)
            }
        }
        self.balances = balances.sorted { $0.asset < $1.asset }
        self.skippedAssets = skipped
    }

    private enum BalanceEntry: Decodable {
        case balance(BinanceBalance)
        case skipped(String)

        private enum Keys: String, CodingKey { case asset }

        init(from decoder: any Decoder) throws {
            if let balance = try? BinanceBalance(from: decoder) {
                self = .balance(balance)
            } else {
                let name = try? decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .asset)
                self = .skipped(name ?? "?")
            }
        }
    }
}
