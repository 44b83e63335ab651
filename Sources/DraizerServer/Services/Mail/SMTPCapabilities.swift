/// What a server offers, read from its EHLO reply: the lines after the first are keywords with
/// parameters, such as `STARTTLS`, `8BITMIME` and `AUTH PLAIN LOGIN` (RFC 5321 §4.1.1.1).
struct SMTPCapabilities: Sendable, Equatable {
    var keywords: [String: [String]] = [:]

    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            var words = line.split(separator: " ").map { String($0) }
            guard !words.isEmpty else { continue }
            var keyword = words.removeFirst().uppercased()
            // Some servers still send the pre-standard `AUTH=PLAIN LOGIN` form.
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            keywords[keyword, default: []].append(contentsOf: words)
        }
    }

    var startTLS: Bool { keywords["STARTTLS"] != nil }
    var eightBitMIME: Bool { keywords["8BITMIME"] != nil }
    var authMechanisms: Set<String> { Set((keywords["AUTH"] ?? []).map { $0.uppercased() }) }
}
