import Foundation
import Testing

@testable import DraizerServer

@Suite struct SMTPMessageRendererTests {
    static func render(_ body: String, subject: String = "Hi", eightBit: Bool = true) -> (text: String, encoding: String) {
        let rendered = SMTPMessageRenderer.render(
            MailMessage(to: "alice@example.com", subject: subject, body: body),
            from: "no-reply@draizer.test",
            date: Date(timeIntervalSince1970: 1_741_079_107),
            messageID: "<id@draizer.test>",
            eightBitAllowed: eightBit
        )
        return (String(decoding: rendered.content, as: UTF8.self), rendered.encoding.rawValue)
    }

    @Test func headersComeFirstInOrder() {
        let text = Self.render("Body").text

        #expect(text == """
            Date: Tue, 04 Mar 2025 09:05:07 +0000\r
            From: no-reply@draizer.test\r
            To: alice@example.com\r
            Subject: Hi\r
            Message-ID: <id@draizer.test>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 7bit\r
            \r
            Body\r

            """)
    }

    @Test func dateIsRFC5322InUTC() {
        #expect(SMTPMessageRenderer.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(SMTPMessageRenderer.rfc5322Date(Date(timeIntervalSince1970: 1_741_079_107)) == "Tue, 04 Mar 2025 09:05:07 +0000")
    }

    @Test func everyLineEndingBecomesCRLF() {
        #expect(SMTPMessageRenderer.bodyLines("a\nb\r\nc\rd\n") == [Array("a".utf8), Array("b".utf8), Array("c".utf8), Array("d".utf8)])
        #expect(SMTPMessageRenderer.bodyLines("a\n\nb") == [Array("a".utf8), [], Array("b".utf8)])
        #expect(SMTPMessageRenderer.bodyLines("") == [[]])
    }

    @Test func dotsAtLineStartAreDoubledAndTheMessageEndsWithADotLine() {
        let payload = SMTPMessageRenderer.dataPayload(Array(".first\r\nmid.dle\r\n.\r\n..two\r\n".utf8))

        #expect(String(decoding: payload, as: UTF8.self) == "..first\r\nmid.dle\r\n..\r\n...two\r\n.\r\n")
    }

    @Test func utf8BodyIsSent8BitWhenTheServerTakesIt() {
        #expect(Self.render("Grüße", eightBit: true).encoding == "8bit")
        #expect(Self.render("Grüße", eightBit: false).encoding == "quoted-printable")
    }

    @Test func quotedPrintableEncodesNonASCIIAndKeepsLinesShort() {
        let long = String(repeating: "é", count: 60) + " end "
        let rendered = Self.render("Grüße\n" + long, eightBit: false)
        let body = rendered.text.components(separatedBy: "\r\n\r\n")[1]
        let lines = body.components(separatedBy: "\r\n").dropLast()

        #expect(rendered.encoding == "quoted-printable")
        #expect(lines.first == "Gr=C3=BC=C3=9Fe")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.hasSuffix("=") })
        #expect(lines.last?.hasSuffix(" end=20") == true)
    }

    @Test func overlongLinesAreQuotedPrintableEvenInASCII() {
        #expect(Self.render(String(repeating: "a", count: 999)).encoding == "quoted-printable")
        #expect(Self.render(String(repeating: "a", count: 998)).encoding == "7bit")
    }

    @Test func nonASCIISubjectBecomesEncodedWordsThatDecodeBack() throws {
        let subject = "Vérifiez votre adresse — код подтверждения 123456 ✅ 日本語のテキスト"
        let header = SMTPMessageRenderer.subjectHeader(subject)
        let lines = header.components(separatedBy: "\r\n")

        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        var decoded: [UInt8] = []
        for line in lines {
            let word = try #require(line.split(separator: " ").last)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            let data = try #require(Data(base64Encoded: String(base64)))
            // Each word holds whole characters.
            #expect(String(bytes: data, encoding: .utf8) != nil)
            decoded += data
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
    }

    @Test func longASCIISubjectIsFoldedAtSpaces() {
        let subject = (1...20).map { "word\($0)" }.joined(separator: " ")
        let header = SMTPMessageRenderer.subjectHeader(subject)
        let lines = header.components(separatedBy: "\r\n")

        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines[1].hasPrefix(" "))
        #expect(header.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + subject)
    }

    @Test func subjectThatLooksEncodedIsEncoded() {
        #expect(SMTPMessageRenderer.subjectHeader("=?UTF-8?B?SGk=?=").hasPrefix("Subject: =?UTF-8?B?"))
    }

    @Test(arguments: ["alice@example.com", "a.b+tag@mail.example.co.uk", "x@y"])
    func plainAddressesAreAccepted(address: String) throws {
        try SMTPMessageRenderer.validateAddress(address)
    }

    @Test(arguments: [
        "", "alice", "@example.com", "alice@", "a@b@c", "alice @example.com", "alice@example.com\r\n",
        "alice@example.com\nBcc: x@y", "<alice@example.com>", "Alice <alice@example.com>", "ålice@example.com",
        "a,b@example.com", ".alice@example.com",
    ])
    func addressesThatCouldInjectOrAreMalformedAreRefused(address: String) {
        #expect(throws: SMTPError.invalidAddress(address)) { try SMTPMessageRenderer.validateAddress(address) }
    }

    @Test(arguments: ["Hi\r\nBcc: x@y", "Hi\nthere", "Hi\rthere", "bell\u{07}", "nul\u{00}"])
    func subjectsWithControlCharactersAreRefused(subject: String) {
        #expect(throws: SMTPError.invalidSubject) { try SMTPMessageRenderer.validateSubject(subject) }
    }

    @Test func subjectWithTabsAndUnicodeIsAccepted() throws {
        try SMTPMessageRenderer.validateSubject("Hi\tthere — ✅")
    }
}
