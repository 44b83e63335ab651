import DraizerAI
import DraizerCore
import DraizerMarket
import Fluent
import Foundation

/// The market part of a decision snapshot for one symbol, built once per cycle and shared by every bot on
/// that symbol: the price with its freshness, the 24-hour ticker, 15-minute and 4-hour candles and the
/// indicators computed from them.
struct MarketView: Sendable {
    let symbol: Symbol
    /// A snapshot for an empty account; `forAccount` fills in each bot's own.
    let base: MarketSnapshot
    let source: MarketSnapshot.Source

    static let candleCount15m = 96
    static let candleCount4h = 60

    /// Nil price means no fresh price: nothing may be decided or traded on it.
    enum Failure: Error, CustomStringConvertible {
        case noPrice(Symbol)
        case stale(Symbol, ageSeconds: Int64)
        case candles(String)

        var description: String {
            switch self {
            case .noPrice(let symbol): "no price is available for \(symbol)"
            case .stale(let symbol, let age): "the latest price of \(symbol) is \(age) s old: too stale to decide on"
            case .candles(let detail): "candles could not be loaded: \(detail)"
            }
        }
    }

    static func load(
        _ symbol: Symbol, hub: MarketHub, maxPriceAgeMilliseconds: Int64, feeRate: Ratio, now: Int64, db: any Database
    ) async throws(Failure) -> MarketView {
        guard let price = await hub.latestPrice(symbol) else { throw .noPrice(symbol) }
        let age = now - price.observedAt
        guard age <= maxPriceAgeMilliseconds else { throw .stale(symbol, ageSeconds: age / 1000) }
        let source = hub.source
        let ticker = try? await source.ticker24h(of: symbol)
        let candles15m: [Candle], candles4h: [Candle]
        do {
            candles15m = try await CandleCache.candles(of: symbol, interval: .fifteenMinutes, start: nil, end: nil,
                                                       limit: candleCount15m, now: now, source: source, on: db)
            candles4h = try await CandleCache.candles(of: symbol, interval: .fourHours, start: nil, end: nil,
                                                      limit: candleCount4h, now: now, source: source, on: db)
        } catch {
            throw .candles(String(describing: error))
        }
        let kind = MarketSnapshot.Source(rawValue: source.kind.rawValue) ?? .simulated
        let base = MarketSnapshot(
            symbol: symbol, price: price, source: kind, change24h: ticker?.priceChangeRatio, volume24h: ticker?.volume,
            candles15m: closed(candles15m, .fifteenMinutes, now: now), candles4h: closed(candles4h, .fourHours, now: now),
            position: .flat, cash: .zero, equity: .zero, limits: .standard, feeRate: feeRate)
        return MarketView(symbol: symbol, base: base, source: kind)
    }

    /// The source's "latest N" ends with the candle still forming; decisions see closed candles only.
    private static func closed(_ candles: [Candle], _ interval: CandleInterval, now: Int64) -> [Candle] {
        candles.filter { $0.openTime + interval.milliseconds <= now }
    }
}
