import Foundation
import Vapor

/// The API's JSON conventions, in one place: snake_case keys (as in the original design), ISO 8601 dates.
enum JSONCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Shared decoders for request bodies (a decoder is safe to share; making one per request is not free).
    static let bodyDecoder = decoder()
    static let plainDecoder = JSONDecoder()

    static func queryDate(_ text: String) -> Date? {
        let whole = ISO8601DateFormatter()
        if let date = whole.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Installs the conventions for every `Content`; done once per process (Vapor's setting is global).
    static let installed: Void = {
        ContentConfiguration.global.use(encoder: encoder(), for: .json)
        ContentConfiguration.global.use(decoder: decoder(), for: .json)
        // Query strings carry times as ISO 8601 too (`?from=2026-11-24T00:00:00Z`), with or without
        // fractional seconds (what a browser's `Date.toISOString()` writes).
        ContentConfiguration.global.use(urlDecoder: URLEncodedFormDecoder(configuration: .init(dateDecodingStrategy: .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = queryDate(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 time")
        })))
    }()
}

/// A request body whose unknown fields are rejected rather than ignored, so a typo (`"ammount"`) is a
/// clear 400 and never a silently different request.
protocol StrictContent: Decodable {
    /// The accepted JSON field names (snake_case).
    static var fields: Set<String> { get }
}

extension Request {
    func decodeStrict<T: StrictContent>(_ type: T.Type) throws -> T {
        guard let contentType = headers.contentType, contentType == .json || contentType.subType == "json" else {
            throw Problem(.unsupportedMediaType, type: "validation", title: "Invalid request",
                          detail: "Send the body as application/json.")
        }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw Problem.validation("The request needs a JSON body.")
        }
        let data = Data(buffer.readableBytesView)
        guard let keys = try? JSONCoding.plainDecoder.decode(TopLevelKeys.self, from: data).keys else {
            throw Problem.validation("The body must be a JSON object.")
        }
        let unknown = Set(keys).subtracting(T.fields).sorted()
        if !unknown.isEmpty {
            throw Problem.validation("Unknown field\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")).",
                                     params: unknown.map { .init(name: $0, reason: "is not accepted here") })
        }
        return try JSONCoding.bodyDecoder.decode(T.self, from: data)
    }
}

/// The keys of a JSON object as sent (no key conversion), without building its values.
private struct TopLevelKeys: Decodable {
    let keys: [String]

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        keys = try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue)
    }
}
