import NIOCore

/// One complete server reply: a three-digit code and its text lines (RFC 5321 §4.2).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    /// The lines joined for error messages.
    var text: String { lines.joined(separator: " / ") }
}

/// Splits the server's bytes into replies, joining the lines of multi-line replies (`250-…` … `250 …`).
struct SMTPReplyParser {
    /// RFC 5321 allows 512 octets a reply line; this leaves room for lenient servers and bounds memory.
    static let maximumLineLength = 8_192
    /// Bounds memory on a server that never ends a multi-line reply.
    static let maximumLinesPerReply = 256

    private var buffer = ByteBuffer()
    private var code: Int?
    private var lines: [String] = []

    /// Whether bytes are held that do not yet form a whole reply.
    var hasBufferedData: Bool { buffer.readableBytes > 0 || code != nil }

    mutating func append(_ bytes: inout ByteBuffer) {
        buffer.writeBuffer(&bytes)
    }

    /// The next whole reply, or `nil` until more bytes arrive.
    mutating func next() throws(SMTPReplyParser.Failure) -> SMTPReply? {
        while let line = try nextLine() {
            let (code, isLast, text) = try Self.parse(line)
            if let current = self.code, current != code {
                throw Failure("reply line '\(line)' changes the code of a multi-line \(current) reply")
            }
            self.code = code
            lines.append(text)
            if isLast {
                let reply = SMTPReply(code: code, lines: lines)
                self.code = nil
                lines = []
                buffer.discardReadBytes()
                return reply
            }
            if lines.count >= Self.maximumLinesPerReply {
                throw Failure("multi-line reply longer than \(Self.maximumLinesPerReply) lines")
            }
        }
        return nil
    }

    private mutating func nextLine() throws(SMTPReplyParser.Failure) -> String? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > Self.maximumLineLength {
                throw Failure("reply line longer than \(Self.maximumLineLength) bytes")
            }
            return nil
        }
        var bytes = view[view.startIndex..<newline]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
        return line
    }

    /// `250-text` (more lines follow), `250 text` or a bare `250` (last line).
    private static func parse(_ line: String) throws(SMTPReplyParser.Failure) -> (Int, Bool, String) {
        let utf8 = Array(line.utf8)
        guard utf8.count >= 3, utf8[0] >= UInt8(ascii: "2"), utf8[0] <= UInt8(ascii: "5"),
            utf8[1...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else {
            throw Failure("malformed reply line '\(line.prefix(80))'")
        }
        let code = utf8[0..<3].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if utf8.count == 3 { return (code, true, "") }
        let separator = utf8[3]
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw Failure("malformed reply line '\(line.prefix(80))'")
        }
        let text = String(decoding: utf8[4...], as: UTF8.self)
        return (code, separator == UInt8(ascii: " "), text)
    }

    struct Failure: Error, Equatable {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
