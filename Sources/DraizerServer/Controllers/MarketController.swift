import DraizerCore
import DraizerMarket
import Fluent
import Foundation
import Vapor

/// `/api/v1/market`: the tradable symbols, prices, 24h tickers and candles. Every answer names its
/// source, so simulated or replayed data is never mistaken for the real market.
struct MarketController: RouteCollection {
    let hub: MarketHub
    let maxPriceAgeMilliseconds: Int64

    func boot(routes: any RoutesBuilder) throws {
        let market = routes.grouped("market")
        market.get("symbols", use: symbols)
        market.get("price", use: price)
        market.get("ticker", use: ticker)
        market.get("candles", use: candles)
    }

    struct SymbolResponse: Content {
        let symbol: String
        let baseAsset: String
        let quoteAsset: String
        let tickSize: String
        let stepSize: String
        let minQuantity: String
        let maxQuantity: String
        let minNotional: String?
        let source: String
    }

    struct PriceResponse: Content {
        let symbol: String
        let price: String
        /// When this server received the price (what freshness is judged by), epoch ms.
        let observedAt: Int64
        /// The source's own time for it (exchange event time, or the recorded time of a replay).
        let sourceTime: Int64
        let ageMs: Int64
        let stale: Bool
        let source: String
    }

    struct TickerResponse: Content {
        let symbol: String
        let lastPrice: String
        let priceChange: String
        let priceChangePercent: String
        let highPrice: String
        let lowPrice: String
        let volume: String
        let quoteVolume: String
        let openTime: Int64
        let closeTime: Int64
        let source: String
    }

    struct CandleResponse: Content {
        let openTime: Int64
        let open: String
        let high: String
        let low: String
        let close: String
        let volume: String
    }

    struct CandlesResponse: Content {
        let symbol: String
        let interval: String
        let source: String
        let candles: [CandleResponse]
    }

    @Sendable func symbols(req: Request) async throws -> [SymbolResponse] {
        let source = hub.source.kind.rawValue
        return hub.tradableSymbols.map { info in
            SymbolResponse(symbol: info.symbol.rawValue, baseAsset: info.baseAsset.rawValue, quoteAsset: info.quoteAsset.rawValue,
                           tickSize: info.filters.price.tickSize.description, stepSize: info.filters.lotSize.stepSize.description,
                           minQuantity: info.filters.lotSize.minQuantity.description,
                           maxQuantity: info.filters.lotSize.maxQuantity.description,
                           minNotional: info.filters.notional?.minNotional.description, source: source)
        }
    }

    @Sendable func price(req: Request) async throws -> PriceResponse {
        let symbol = try await tradable(req)
        guard let (tick, receivedAt) = await hub.latestTick(symbol) else {
            throw Problem(.serviceUnavailable, type: "market-unavailable", title: "No price",
                          detail: "No price for \(symbol) has arrived yet.", headers: ["Retry-After": "5"])
        }
        let age = Int64(req.now.timeIntervalSince1970 * 1000) - receivedAt
        return PriceResponse(symbol: symbol.rawValue, price: tick.price.description, observedAt: receivedAt,
                             sourceTime: tick.observedAt, ageMs: age, stale: age > maxPriceAgeMilliseconds,
                             source: tick.source.rawValue)
    }

    @Sendable func ticker(req: Request) async throws -> TickerResponse {
        let symbol = try await tradable(req)
        let ticker = try await upstream { try await hub.source.ticker24h(of: symbol) }
        return TickerResponse(symbol: symbol.rawValue, lastPrice: ticker.lastPrice.description,
                              priceChange: ticker.priceChange.description, priceChangePercent: FixedPoint.canonical(ticker.priceChangeRatio.units * 100),
                              highPrice: ticker.highPrice.description, lowPrice: ticker.lowPrice.description,
                              volume: ticker.volume.description, quoteVolume: ticker.quoteVolume.description,
                              openTime: ticker.openTime, closeTime: ticker.closeTime, source: hub.source.kind.rawValue)
    }

    @Sendable func candles(req: Request) async throws -> CandlesResponse {
        let symbol = try await tradable(req)
        let intervalText = (try? req.query.get(String.self, at: "interval")) ?? "1m"
        guard let interval = CandleInterval(rawValue: intervalText) else {
            throw Problem.validation("interval must be one of \(CandleInterval.allCases.map(\.rawValue).joined(separator: ", ")).",
                                     params: [.init(name: "interval", reason: "unknown interval")])
        }
        let limit: Int
        if let text = try? req.query.get(String.self, at: "limit") {
            guard let number = Int(text) else {
                throw Problem.validation("limit must be 1…1000.", params: [.init(name: "limit", reason: "1…1000")])
            }
            limit = number
        } else {
            limit = 200
        }
        guard (1...1000).contains(limit) else {
            throw Problem.validation("limit must be 1…1000.", params: [.init(name: "limit", reason: "1…1000")])
        }
        let start = try optionalTime(req, "start"), end = try optionalTime(req, "end")
        if let start, let end, start >= end {
            throw Problem.validation("start must be before end.", params: [.init(name: "start", reason: "must be before end")])
        }
        let candles = try await CandleCache.candles(of: symbol, interval: interval, start: start, end: end, limit: limit,
                                                    now: Int64(req.now.timeIntervalSince1970 * 1000), source: hub.source, on: req.db)
        return CandlesResponse(symbol: symbol.rawValue, interval: interval.rawValue, source: hub.source.kind.rawValue,
                               candles: candles.map { CandleResponse(openTime: $0.openTime, open: $0.open.description,
                                                                     high: $0.high.description, low: $0.low.description,
                                                                     close: $0.close.description, volume: $0.volume.description) })
    }

    private func tradable(_ req: Request) async throws -> Symbol {
        guard let text = try? req.query.get(String.self, at: "symbol") else {
            throw Problem.validation("Give a symbol, e.g. ?symbol=BTCUSDT.", params: [.init(name: "symbol", reason: "is required")])
        }
        let symbol: Symbol
        do { symbol = try Symbol(text) } catch {
            throw Problem.validation(error.description, params: [.init(name: "symbol", reason: "is not a symbol")])
        }
        guard await hub.symbolInfo(symbol) != nil else {
            throw Problem.validation("\(symbol) is not a tradable symbol here; see /api/v1/market/symbols.",
                                     params: [.init(name: "symbol", reason: "not tradable")])
        }
        return symbol
    }

    /// 9999-12-31T23:59:59.999Z.
    static let latestTime: Int64 = 253_402_300_799_999

    private func optionalTime(_ req: Request, _ name: String) throws -> Int64? {
        guard let text = try? req.query.get(String.self, at: name) else { return nil }
        // Up to the end of year 9999: beyond it no candle exists, and interval arithmetic stays far from overflow.
        guard let value = Int64(text), (0...Self.latestTime).contains(value) else {
            throw Problem.validation("\(name) is epoch milliseconds from 0 to \(Self.latestTime).",
                                     params: [.init(name: name, reason: "epoch milliseconds, 0…\(Self.latestTime)")])
        }
        return value
    }

    private func upstream<T>(_ work: () async throws -> T) async throws -> T {
        do { return try await work() } catch {
            throw Problem.marketUnavailable(hub.source.kind, error)
        }
    }
}
