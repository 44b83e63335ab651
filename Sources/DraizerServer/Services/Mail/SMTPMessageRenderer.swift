import Foundation

/// Turns a ``MailMessage`` into the RFC 5322 text sent after DATA, and checks everything that goes into
/// a header or a command first.
enum SMTPMessageRenderer {
    enum TransferEncoding: String, Sendable {
        case sevenBit = "7bit"
        case eightBit = "8bit"
        case quotedPrintable = "quoted-printable"
    }

    /// RFC 5322 §2.1.1: a line is at most 998 octets before its CRLF.
    static let maximumLineLength = 998
    /// Past 78 octets a header line is folded (RFC 5322 §2.1.1's "SHOULD").
    static let preferredLineLength = 78
    /// UTF-8 octets per RFC 2047 encoded word: 39 octets make 52 base64 characters, which keeps each
    /// folded `Subject` line under 78 octets.
    static let encodedWordOctets = 39

    /// Accepts a bare `local@domain` address and refuses anything that could break out of a header or
    /// an SMTP command: whitespace, CR and LF, other control characters, angle brackets and the like.
    /// Internationalized (non-ASCII) addresses are refused too, since SMTPUTF8 is not used.
    static func validateAddress(_ address: String) throws(SMTPError) {
        let forbidden = Set("<>()[]\\,;:\"".utf8)
        let bytes = Array(address.utf8)
        guard bytes.count <= 254,
            bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }),
            bytes.count(where: { $0 == UInt8(ascii: "@") }) == 1,
            let at = bytes.firstIndex(of: UInt8(ascii: "@")),
            at > 0, at <= 64, at < bytes.count - 1,
            bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: ".")
        else {
            throw .invalidAddress(address)
        }
    }

    /// A subject is one line: CR, LF and other control characters (tab aside) are refused, so the
    /// subject cannot add headers.
    static func validateSubject(_ subject: String) throws(SMTPError) {
        let isControl: (Unicode.Scalar) -> Bool = { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }
        if subject.unicodeScalars.contains(where: isControl) { throw .invalidSubject }
    }

    /// The complete message, headers and body, each line ending in CRLF. Not yet dot-stuffed.
    static func render(
        _ message: MailMessage,
        from: String,
        date: Date,
        messageID: String,
        eightBitAllowed: Bool
    ) -> (content: [UInt8], encoding: TransferEncoding) {
        let lines = bodyLines(message.body)
        let encoding = transferEncoding(for: lines, eightBitAllowed: eightBitAllowed)
        let headers = [
            "Date: " + rfc5322Date(date),
            "From: " + from,
            "To: " + message.to,
            subjectHeader(message.subject),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: " + encoding.rawValue,
        ]
        var content: [UInt8] = []
        for header in headers {
            content += header.utf8
            content += crlf
        }
        content += crlf
        for line in encoding == .quotedPrintable ? quotedPrintable(lines) : lines {
            content += line
            content += crlf
        }
        return (content, encoding)
    }

    /// The DATA payload: each line that starts with a dot gets another (RFC 5321 §4.5.2), and a line
    /// holding a single dot ends the message. `content` must end in CRLF.
    static func dataPayload(_ content: [UInt8]) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(content.count + 16)
        var atLineStart = true
        for byte in content {
            if atLineStart && byte == UInt8(ascii: ".") { payload.append(UInt8(ascii: ".")) }
            payload.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        payload += Array(".\r\n".utf8)
        return payload
    }

    /// `Subject:` as plain text folded at spaces when it is printable ASCII, else as RFC 2047 encoded
    /// words, one per folded line.
    static func subjectHeader(_ subject: String) -> String {
        let name = "Subject:"
        let isPlain =
            subject.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }
            && !subject.contains("=?")
        if isPlain, let folded = folded(name, subject) {
            return folded
        }
        return name + " " + encodedWords(subject).joined(separator: "\r\n ")
    }

    /// RFC 2047 `B` encoded words of UTF-8, never splitting a character between two words.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > encodedWordOctets {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    /// The body split into lines; CR, LF and CRLF all end a line, and a final line break adds no
    /// empty line.
    static func bodyLines(_ body: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        var afterCR = false
        for byte in body.utf8 {
            switch byte {
            case UInt8(ascii: "\r"):
                lines.append([])
                afterCR = true
            case UInt8(ascii: "\n"):
                if afterCR { afterCR = false } else { lines.append([]) }
            default:
                lines[lines.count - 1].append(byte)
                afterCR = false
            }
        }
        if lines.count > 1 && lines[lines.count - 1].isEmpty { lines.removeLast() }
        return lines
    }

    /// 7bit for short ASCII lines; 8bit when the server takes 8BITMIME and lines are short and free
    /// of NUL; quoted-printable otherwise.
    static func transferEncoding(for lines: [[UInt8]], eightBitAllowed: Bool) -> TransferEncoding {
        let short = lines.allSatisfy { $0.count <= maximumLineLength }
        let noNUL = lines.allSatisfy { !$0.contains(0) }
        if short && noNUL && lines.allSatisfy({ $0.allSatisfy { $0 < 0x80 } }) { return .sevenBit }
        if short && noNUL && eightBitAllowed { return .eightBit }
        return .quotedPrintable
    }

    /// RFC 2045 §6.7 quoted-printable, encoded lines at most 76 characters with soft breaks. A leading
    /// dot stays literal: dot-stuffing protects it.
    static func quotedPrintable(_ lines: [[UInt8]]) -> [[UInt8]] {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [[UInt8]] = []
        for line in lines {
            var current: [UInt8] = []
            for (index, byte) in line.enumerated() {
                let isWhitespace = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
                let isLiteral =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || (isWhitespace && index < line.count - 1)
                let token = isLiteral ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                // 75 leaves room for the `=` of a soft line break.
                if current.count + token.count > 75 {
                    encoded.append(current + [UInt8(ascii: "=")])
                    current = []
                }
                current += token
            }
            encoded.append(current)
        }
        return encoded
    }

    /// RFC 5322 §3.3 date-time in UTC, such as `Tue, 04 Mar 2025 09:05:07 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func twoDigits(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        return "\(weekday), \(twoDigits(parts.day)) \(month) \(parts.year ?? 1970) "
            + "\(twoDigits(parts.hour)):\(twoDigits(parts.minute)):\(twoDigits(parts.second)) +0000"
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// Folds `name: value` by turning spaces into CRLF + space where a line would pass 78 octets; a
    /// fold always comes before a non-empty word, so no folded line is blank. Nil when a single word
    /// is still too long for a line.
    private static func folded(_ name: String, _ value: String) -> String? {
        let first = name + " " + value
        if first.utf8.count <= preferredLineLength { return first }
        var lines: [String] = []
        var current = name
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if !word.isEmpty && current != name
                && current.utf8.count + 1 + word.utf8.count > preferredLineLength
            {
                lines.append(current)
                current = ""
            }
            current += " " + word
        }
        lines.append(current)
        guard lines.allSatisfy({ $0.utf8.count <= maximumLineLength }) else { return nil }
        return lines.joined(separator: "\r\n")
    }
}
