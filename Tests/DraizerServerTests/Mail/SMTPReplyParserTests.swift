import NIOCore
import Testing

@testable import DraizerServer

@Suite struct SMTPReplyParserTests {
    static func parse(_ chunks: String...) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for chunk in chunks {
            var buffer = ByteBuffer(string: chunk)
            parser.append(&buffer)
            while let reply = try parser.next() { replies.append(reply) }
        }
        return replies
    }

    @Test func multiLineReplyIsJoined() throws {
        let replies = try Self.parse("250-mail.test Hello\r\n250-8BITMIME\r\n250 STARTTLS\r\n")

        #expect(replies == [SMTPReply(code: 250, lines: ["mail.test Hello", "8BITMIME", "STARTTLS"])])
    }

    @Test func replySplitAcrossReadsIsReassembled() throws {
        let replies = try Self.parse("2", "20 ready\r", "\n354 go ahead\r\n")

        #expect(replies == [SMTPReply(code: 220, lines: ["ready"]), SMTPReply(code: 354, lines: ["go ahead"])])
    }

    @Test func bareCodeAndBareLFAreAccepted() throws {
        #expect(try Self.parse("250\n") == [SMTPReply(code: 250, lines: [""])])
    }

    @Test func partialReplyIsHeldBack() throws {
        var parser = SMTPReplyParser()
        var buffer = ByteBuffer(string: "250-first\r\n25")
        parser.append(&buffer)

        #expect(try parser.next() == nil)
        #expect(parser.hasBufferedData)
    }

    @Test(arguments: ["hello\r\n", "25x ok\r\n", "650 bad\r\n", "250_ok\r\n", "250-a\r\n251 b\r\n"])
    func malformedRepliesAreRefused(text: String) {
        #expect(throws: SMTPReplyParser.Failure.self) { try Self.parse(text) }
    }

    @Test func endlessLineIsRefused() {
        #expect(throws: SMTPReplyParser.Failure.self) {
            try Self.parse(String(repeating: "2", count: SMTPReplyParser.maximumLineLength + 1))
        }
    }

    @Test func capabilitiesAreReadFromEHLO() {
        let reply = SMTPReply(code: 250, lines: ["mail.test", "8bitmime", "AUTH=LOGIN", "AUTH PLAIN CRAM-MD5", "STARTTLS"])
        let capabilities = SMTPCapabilities(ehlo: reply)

        #expect(capabilities.startTLS)
        #expect(capabilities.eightBitMIME)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
    }
}
