import DraizerCore
import Foundation

/// One message of Binance's market streams, raw (`/ws/…`) or wrapped by the combined endpoint
/// (`{"stream":"btcusdt@kline_1m","data":{…}}`).
public enum BinanceStreamMessage: Sendable, Hashable {
    /// `<symbol>@kline_<interval>`: the candle so far, or its final state when `update.isClosed`.
    case kline(eventTime: Int64, update: CandleUpdate)
    /// `<symbol>@miniTicker`: rolling 24-hour figures; `close` is the last price.
    case miniTicker(BinanceMiniTicker)
    /// `<symbol>@trade`: one trade.
    case trade(BinanceTrade)
    /// `{"e":"serverShutdown"}`: the server is going away; reconnect.
    case serverShutdown(eventTime: Int64)
    /// Replies to SUBSCRIBE and other control messages, and event types this client does not use.
    case other(String)

    /// Parses one text frame. Throws `BinanceError.malformed` on anything that is not a Binance stream
    /// message (the caller logs and skips it).
    public static func parse(_ text: String) throws(BinanceError) -> BinanceStreamMessage {
        let path = "market stream"
        let data = Data(text.utf8)
        let envelope = try BinanceDecoding.decode(Envelope.self, from: data, path: path)
        let wrapped = envelope.data != nil
        func payload<P: Decodable>(_ type: P.Type) throws(BinanceError) -> P {
            wrapped ? try BinanceDecoding.decode(Wrapped<P>.self, from: data, path: path).data
                : try BinanceDecoding.decode(P.self, from: data, path: path)
        }
        switch envelope.data?.e ?? envelope.e {
        case "kline":
            let kline = try payload(KlinePayload.self)
            return .kline(eventTime: kline.E, update: try kline.update(path: path))
        case "24hrMiniTicker":
            return .miniTicker(try payload(MiniTickerPayload.self).miniTicker(path: path))
        case "trade":
            return .trade(try payload(TradePayload.self).trade(path: path))
        case "serverShutdown":
            return .serverShutdown(eventTime: envelope.data?.E ?? envelope.E ?? 0)
        case let other?:
            return .other(other)
        case nil:
            return .other(envelope.stream ?? "control message")
        }
    }

    /// The fields that tell what a message is, whether it is wrapped or not.
    private struct Envelope: Decodable {
        let stream: String?
        let data: EventHeader?
        let e: String?
        let E: Int64?

        private enum CodingKeys: String, CodingKey { case stream, data, e, E }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            stream = try? container.decodeIfPresent(String.self, forKey: .stream)
            // `data` is an array for `!miniTicker@arr`, which this client does not subscribe to.
            data = try? container.decodeIfPresent(EventHeader.self, forKey: .data)
            e = try? container.decodeIfPresent(String.self, forKey: .e)
            E = try? container.decodeIfPresent(Int64.self, forKey: .E)
        }
    }

    private struct Wrapped<Payload: Decodable>: Decodable {
        let data: Payload
    }

    private struct EventHeader: Decodable {
        let e: String?
        let E: Int64?
    }

    private struct KlinePayload: Decodable {
        let E: Int64
        let s: String
        let k: Body

        struct Body: Decodable {
            let t: Int64, T: Int64, s: String, i: String
            let o: Price, c: Price, h: Price, l: Price
            let v: Quantity
            let x: Bool
        }

        func update(path: String) throws(BinanceError) -> CandleUpdate {
            guard let symbol = try? Symbol(k.s) else { throw .malformed(path: path, reason: "k.s: bad symbol '\(k.s)'") }
            guard let interval = CandleInterval(rawValue: k.i) else {
                throw .malformed(path: path, reason: "k.i: unsupported interval '\(k.i)'")
            }
            let candle: Candle
            do {
                candle = try Candle(openTime: k.t, open: k.o, high: k.h, low: k.l, close: k.c, volume: k.v)
            } catch {
                throw .malformed(path: path, reason: "k: \(error.description)")
            }
            return CandleUpdate(symbol: symbol, interval: interval, candle: candle, closeTime: k.T, isClosed: k.x)
        }
    }

    private struct MiniTickerPayload: Decodable {
        let E: Int64, s: String
        let c: Price, o: Price, h: Price, l: Price
        let v: Quantity, q: Money

        func miniTicker(path: String) throws(BinanceError) -> BinanceMiniTicker {
            guard let symbol = try? Symbol(s) else { throw .malformed(path: path, reason: "s: bad symbol '\(s)'") }
            return BinanceMiniTicker(
                eventTime: E, symbol: symbol, close: c, open: o, high: h, low: l, volume: v, quoteVolume: q)
        }
    }

    private struct TradePayload: Decodable {
        let E: Int64, s: String, t: Int64
        let p: Price, q: Quantity
        let T: Int64, m: Bool

        func trade(path: String) throws(BinanceError) -> BinanceTrade {
            guard let symbol = try? Symbol(s) else { throw .malformed(path: path, reason: "s: bad symbol '\(s)'") }
            return BinanceTrade(
                eventTime: E, symbol: symbol, tradeId: t, price: p, quantity: q, tradeTime: T, buyerIsMaker: m)
        }
    }
}

/// `<symbol>@miniTicker`.
public struct BinanceMiniTicker: Sendable, Hashable {
    public let eventTime: Int64
    public let symbol: Symbol
    /// The last price.
    public let close: Price
    public let open: Price
    public let high: Price
    public let low: Price
    public let volume: Quantity
    public let quoteVolume: Money
}

/// `<symbol>@trade`.
public struct BinanceTrade: Sendable, Hashable {
    public let eventTime: Int64
    public let symbol: Symbol
    public let tradeId: Int64
    public let price: Price
    public let quantity: Quantity
    public let tradeTime: Int64
    public let buyerIsMaker: Bool
}
