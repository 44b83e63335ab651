import DraizerCore
import Foundation

/// One row of `GET /api/v3/klines` (and of a data.binance.vision kline file): a candle with Binance's extra
/// columns.
public struct BinanceKline: Sendable, Hashable {
    public let candle: Candle
    /// Open time + interval − 1 ms.
    public let closeTime: Int64
    public let quoteVolume: Money
    public let tradeCount: Int
    public let takerBuyBaseVolume: Quantity
    public let takerBuyQuoteVolume: Money

    public init(
        candle: Candle, closeTime: Int64, quoteVolume: Money, tradeCount: Int, takerBuyBaseVolume: Quantity,
        takerBuyQuoteVolume: Money
    ) {
        self.candle = candle
        self.closeTime = closeTime
        self.quoteVolume = quoteVolume
        self.tradeCount = tradeCount
        self.takerBuyBaseVolume = takerBuyBaseVolume
        self.takerBuyQuoteVolume = takerBuyQuoteVolume
    }

    public var openTime: Int64 { candle.openTime }

    /// Whether the bar is final at `serverTime`: the newest kline of a response is usually still open.
    public func isClosed(at serverTime: Int64) -> Bool { closeTime < serverTime }
}

extension BinanceKline: Decodable {
    /// Decodes the 12-element array `[openTime, "o", "h", "l", "c", "v", closeTime, "q", n, "V", "Q", "0"]`.
    public init(from decoder: any Decoder) throws {
        var row = try decoder.unkeyedContainer()
        let openTime = try row.decode(Int64.self)
        let open = try row.decode(Price.self), high = try row.decode(Price.self)
        let low = try row.decode(Price.self), close = try row.decode(Price.self)
        let volume = try row.decode(Quantity.self)
        closeTime = try row.decode(Int64.self)
        quoteVolume = try row.decode(Money.self)
        tradeCount = try row.decode(Int.self)
        takerBuyBaseVolume = try row.decode(Quantity.self)
        takerBuyQuoteVolume = try row.decode(Money.self)
        do {
            candle = try Candle(openTime: openTime, open: open, high: high, low: low, close: close, volume: volume)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: row.codingPath, debugDescription: error.description))
        }
    }
}

/// One entry of `exchangeInfo.rateLimits`.
public struct BinanceRateLimit: Sendable, Hashable, Decodable {
    /// `REQUEST_WEIGHT`, `ORDERS` or `RAW_REQUESTS`.
    public let rateLimitType: String
    /// `SECOND`, `MINUTE` or `DAY`.
    public let interval: String
    public let intervalNum: Int
    public let limit: Int
}

/// A symbol of `exchangeInfo` as the domain sees it, plus its trading status.
public struct BinanceSymbol: Sendable, Hashable {
    public let info: SymbolInfo
    /// `TRADING`, `HALT`, `BREAK`, `CANCEL_ONLY`…
    public let status: String

    public var isTrading: Bool { status == "TRADING" }
}

/// The parts of `GET /api/v3/exchangeInfo` this project uses.
public struct BinanceExchangeInfo: Sendable, Hashable {
    public let serverTime: Int64
    public let rateLimits: [BinanceRateLimit]
    public let symbols: [BinanceSymbol]
    /// Symbols that could not be turned into domain values (a name the domain rejects, a filter value out
    /// of range), with the reason. They are left out of `symbols` rather than failing the whole list.
    public let skipped: [Skipped]

    public struct Skipped: Sendable, Hashable {
        public let symbol: String
        public let reason: String
    }

    /// The `REQUEST_WEIGHT` limit per minute, when the response states one.
    public var requestWeightPerMinute: Int? {
        rateLimits.first { $0.rateLimitType == "REQUEST_WEIGHT" && $0.interval == "MINUTE" && $0.intervalNum == 1 }?
            .limit
    }
}

extension BinanceExchangeInfo: Decodable {
    private enum CodingKeys: String, CodingKey { case serverTime, rateLimits, symbols }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        serverTime = try container.decode(Int64.self, forKey: .serverTime)
        rateLimits = try container.decodeIfPresent([BinanceRateLimit].self, forKey: .rateLimits) ?? []
        var symbols: [BinanceSymbol] = [], skipped: [Skipped] = []
        for entry in try container.decode([SymbolEntry].self, forKey: .symbols) {
            switch entry.result {
            case .success(let symbol): symbols.append(symbol)
            case .failure(let failure): skipped.append(failure.skipped)
            }
        }
        self.symbols = symbols
        self.skipped = skipped
    }

    /// Decodes one symbol without letting its failure fail its siblings.
    private struct SymbolEntry: Decodable {
        let result: Result<BinanceSymbol, SkippedError>

        struct SkippedError: Error { let skipped: Skipped }

        private enum Keys: String, CodingKey { case symbol, status, baseAsset, quoteAsset, filters }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            let name = (try? container.decode(String.self, forKey: .symbol)) ?? "?"
            do {
                let symbol = try Symbol(container.decode(String.self, forKey: .symbol))
                let base = try Asset(container.decode(String.self, forKey: .baseAsset))
                let quote = try Asset(container.decode(String.self, forKey: .quoteAsset))
                let status = try container.decode(String.self, forKey: .status)
                let filters = try BinanceFilterPayload.symbolFilters(
                    container.decode([BinanceFilterPayload].self, forKey: .filters))
                result = .success(BinanceSymbol(
                    info: SymbolInfo(symbol: symbol, baseAsset: base, quoteAsset: quote, filters: filters),
                    status: status))
            } catch {
                result = .failure(SkippedError(skipped: Skipped(symbol: name, reason: BinanceDecoding.describe(error))))
            }
        }
    }
}

/// A filter object of `exchangeInfo`: every field any filter type this project reads can carry.
struct BinanceFilterPayload: Decodable {
    let filterType: String
    let minPrice: String?, maxPrice: String?, tickSize: String?
    let minQty: String?, maxQty: String?, stepSize: String?
    let minNotional: String?, maxNotional: String?
    let applyMinToMarket: Bool?, applyMaxToMarket: Bool?, applyToMarket: Bool?

    /// Builds the domain filters. A missing PRICE_FILTER or LOT_SIZE means Binance applies no such rule;
    /// NOTIONAL wins over the older MIN_NOTIONAL when a symbol carries both.
    static func symbolFilters(_ filters: [BinanceFilterPayload]) throws -> SymbolFilters {
        func first(_ type: String) -> BinanceFilterPayload? { filters.first { $0.filterType == type } }
        func field(_ value: String?, _ name: String, _ type: String) throws -> String {
            guard let value else { throw SymbolFilters.Invalid.inconsistent("\(type) has no \(name)") }
            return value
        }
        let price = try first("PRICE_FILTER").map { f in
            try PriceFilter(
                minPrice: field(f.minPrice, "minPrice", f.filterType), maxPrice: field(f.maxPrice, "maxPrice", f.filterType),
                tickSize: field(f.tickSize, "tickSize", f.filterType))
        } ?? .unrestricted
        func lot(_ f: BinanceFilterPayload) throws -> LotSizeFilter {
            try LotSizeFilter(
                minQuantity: field(f.minQty, "minQty", f.filterType), maxQuantity: field(f.maxQty, "maxQty", f.filterType),
                stepSize: field(f.stepSize, "stepSize", f.filterType))
        }
        let lotSize = try first("LOT_SIZE").map(lot) ?? .unrestricted
        let marketLotSize = try first("MARKET_LOT_SIZE").map(lot)
        let notional: NotionalFilter?
        if let f = first("NOTIONAL") {
            notional = try NotionalFilter(
                minNotional: field(f.minNotional, "minNotional", f.filterType),
                applyMinToMarket: f.applyMinToMarket ?? true,
                maxNotional: f.maxNotional ?? "0", applyMaxToMarket: f.applyMaxToMarket ?? false)
        } else if let f = first("MIN_NOTIONAL") {
            notional = try NotionalFilter(
                minNotional: field(f.minNotional, "minNotional", f.filterType),
                applyMinToMarket: f.applyToMarket ?? true)
        } else {
            notional = nil
        }
        return SymbolFilters(price: price, lotSize: lotSize, marketLotSize: marketLotSize, notional: notional)
    }
}

/// `GET /api/v3/time`.
struct BinanceServerTimePayload: Decodable {
    let serverTime: Int64
}

/// `GET /api/v3/ticker/price`.
struct BinanceTickerPricePayload: Decodable {
    let symbol: String
    let price: Price
}

/// `GET /api/v3/ticker/24hr` (FULL or MINI; the fields read here are in both except the change fields,
/// which are recomputed when absent).
struct BinanceTicker24hPayload: Decodable {
    let symbol: String
    let priceChange: Money?
    let priceChangePercent: String?
    let lastPrice: Price
    let openPrice: Price
    let highPrice: Price
    let lowPrice: Price
    let volume: Quantity
    let quoteVolume: Money
    let openTime: Int64
    let closeTime: Int64
    let count: Int?

    func ticker(symbol: Symbol) throws -> Ticker24h {
        let change = priceChange ?? Money(units: lastPrice.units - openPrice.units)
        let ratio: Ratio
        if let priceChangePercent {
            // Binance sends percent units with three decimals ("-95.960"); the domain keeps a fraction.
            let percent = try Ratio(priceChangePercent)
            ratio = Ratio(units: Int64(FixedPoint.divide(Int128(percent.units), by: 100, rounding: .halfUp)))
        } else {
            ratio = openPrice.isZero ? .zero : Ratio(change, over: Money(units: openPrice.units), rounding: .halfUp)
        }
        return Ticker24h(
            symbol: symbol, lastPrice: lastPrice, openPrice: openPrice, highPrice: highPrice, lowPrice: lowPrice,
            priceChange: change, priceChangeRatio: ratio, volume: volume, quoteVolume: quoteVolume,
            openTime: openTime, closeTime: closeTime, tradeCount: count, source: .binance)
    }
}

/// Binance's error body, `{"code":-1121,"msg":"Invalid symbol."}`.
struct BinanceErrorPayload: Decodable {
    let code: Int
    let msg: String
}

enum BinanceDecoding {
    /// Decodes `T`, turning any failure into `BinanceError.malformed` that names the path and the field.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws(BinanceError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .malformed(path: path, reason: describe(error))
        }
    }

    /// A one-line reason naming the JSON field, instead of Foundation's multi-line dump.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "top level" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): missing \(type)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.localizedDescription
            return "\(path(context.codingPath)): \(underlying.map { "not valid JSON (\($0))" } ?? context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
