import Foundation
import NIOCore

/// A JSON object written the way the API's `JSONEncoder` writes it (`JSONCoding.encoder()`: keys sorted,
/// slashes unescaped, dates ISO 8601 to the second, absent optionals left out), byte for byte, for the
/// responses on hot paths: on an order, the generic encoder was a tenth of the server's CPU. Tests pin the
/// output to the encoder's.
struct JSONObject: Sendable {
    private enum Value: Sendable {
        case string(String)
        case integer(Int)
        case object(JSONObject)
    }

    private var fields: [(key: String, value: Value)] = []

    init() {}

    /// Every key with its string value.
    init(_ strings: [String: String]) {
        fields = strings.map { ($0.key, .string($0.value)) }
    }

    /// Sets `key` to `value`; nil leaves the key out, as the encoder does for an absent optional.
    mutating func set(_ key: String, _ value: String?) {
        if let value { fields.append((key, .string(value))) }
    }

    mutating func set(_ key: String, _ value: Int) { fields.append((key, .integer(value))) }

    mutating func set(_ key: String, _ value: JSONObject) { fields.append((key, .object(value))) }

    /// As the encoder writes a UUID: its uppercase string.
    mutating func set(_ key: String, _ value: UUID) { fields.append((key, .string(value.uuidString))) }

    /// As `.iso8601` writes a date: UTC, whole seconds (truncated), `Z`.
    mutating func set(_ key: String, _ value: Date?) {
        if let value { fields.append((key, .string(Self.iso8601(value)))) }
    }

    var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    var buffer: ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        write(to: &bytes)
        return ByteBuffer(bytes: bytes)
    }

    private func write(to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        // The encoder sorts keys by their UTF-8 bytes (Swift's `<` would first normalize them).
        for (index, field) in fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.write(string: field.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            switch field.value {
            case .string(let string): Self.write(string: string, to: &bytes)
            case .integer(let integer): bytes.append(contentsOf: String(integer).utf8)
            case .object(let object): object.write(to: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func write(string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case ..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func iso8601(_ date: Date) -> String {
        // Truncated as Foundation truncates: whole seconds since its 2001 reference date.
        var seconds = time_t(date.timeIntervalSinceReferenceDate.rounded(.down)) + 978_307_200
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = Int(parts.tm_year) + 1900
        let paddedYear = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(paddedYear)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
