import DraizerCore
import DraizerMarket
import Foundation

/// The JSON messages of `/api/v1/stream`, snake_case like the REST API.
enum StreamMessage {
    static func price(_ tick: PriceTick) -> String? {
        encode(["type": "price", "symbol": tick.symbol.rawValue, "price": tick.price.description,
                "source_time": tick.observedAt, "source": tick.source.rawValue])
    }

    static func candle(_ update: CandleUpdate) -> String? {
        encode(["type": "candle", "symbol": update.symbol.rawValue, "interval": update.interval.rawValue,
                "open_time": update.candle.openTime, "open": update.candle.open.description,
                "high": update.candle.high.description, "low": update.candle.low.description,
                "close": update.candle.close.description, "volume": update.candle.volume.description,
                "closed": update.isClosed])
    }

    static func subscribed(_ symbols: Set<Symbol>) -> String? {
        encode(["type": "subscribed", "symbols": symbols.map(\.rawValue).sorted()])
    }

    static func error(_ detail: String) -> String? {
        encode(["type": "error", "detail": detail])
    }

    static func event(_ type: String, _ payload: [String: Any]) -> String? {
        var message = payload
        message["type"] = type
        return encode(message)
    }

    /// An API object (a decision, the bot) as an event of `type`, with the REST API's field names.
    static func event<T: Encodable>(_ type: String, encoding value: T) -> String? {
        guard let data = try? JSONCoding.encoder().encode(value),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return event(type, object)
    }

    private static func encode(_ object: [String: Any]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }
}
