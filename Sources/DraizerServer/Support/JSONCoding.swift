import Foundation
import NIOCore
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
        guard headers.declaresJSON else {
            throw Problem(.unsupportedMediaType, type: "validation", title: "Invalid request",
                          detail: "Send the body as application/json.")
        }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw Problem.validation("The request needs a JSON body.")
        }
        if let flat = T.self as? any FlatStrictContent.Type, let fields = FlatJSONObject.parse(buffer.readableBytesView),
           fields.keys.allSatisfy(T.fields.contains), let value = flat.init(fields: fields) as? T {
            return value
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

/// A strict body that can also be built from a flat object of strings: the usual shape of an order, read
/// without `JSONDecoder` (which was a fifteenth of an order's CPU).
protocol FlatStrictContent: StrictContent {
    /// The value for these fields (JSON names), or nil when they do not make one (a required field missing):
    /// the body then goes through `JSONDecoder` for its precise error.
    init?(fields: [String: String])
}

/// Reads the one simple shape of JSON body, `{"name": "text", …}` with ASCII strings and no escapes, into its
/// fields. Anything else (other values, escapes, duplicate names, malformed JSON) is nil, and the body is
/// decoded the general way, with the general way's answers: this is only a shortcut for what it can read.
enum FlatJSONObject {
    static func parse(_ bytes: ByteBufferView) -> [String: String]? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        func skipSpace() {
            while index < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < end, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    return String(decoding: bytes[start..<index], as: UTF8.self)
                }
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }
        guard expect(UInt8(ascii: "{")) else { return nil }
        var fields: [String: String] = [:]
        skipSpace()
        if index < end, bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                guard let name = string(), expect(UInt8(ascii: ":")), let value = string(),
                      fields.updateValue(value, forKey: name) == nil else { return nil }
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        skipSpace()
        return index == end ? fields : nil
    }
}
