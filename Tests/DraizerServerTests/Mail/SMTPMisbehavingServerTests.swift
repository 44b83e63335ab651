import Testing

@testable import DraizerServer

/// The mailer against scripted servers that break the protocol in ways a real server does not.
@Suite struct SMTPMisbehavingServerTests {
    static func send(to server: SMTPScriptedServer, startTLS: Bool = false, timeout: Duration = .seconds(10)) async -> SMTPError? {
        await #expect(throws: SMTPError.self) {
            let mailer = try SMTPMailer(settings: SMTPSettings(
                host: "127.0.0.1", port: server.port, from: "no-reply@draizer.test", startTLS: startTLS, timeout: timeout
            ))
            try await mailer.send(MailMessage(to: "alice@example.com", subject: "Hi", body: "Hi"))
        }
    }

    @Test func plaintextInjectedAfterTheSTARTTLSGoAheadIsRefused() async throws {
        let server = try await SMTPScriptedServer.start(replies: [
            "EHLO": "250-scripted\r\n250 STARTTLS\r\n",
            "STARTTLS": "220 2.0.0 go ahead\r\n250 injected before TLS\r\n",
        ])

        let error = await Self.send(to: server, startTLS: true)

        await server.stop()
        #expect(error == .protocolViolation(.startTLS, "the server sent data after its STARTTLS reply"))
    }

    @Test func replyNobodyAskedForIsRefused() async throws {
        let server = try await SMTPScriptedServer.start(replies: [
            "EHLO": "250 scripted\r\n250 one reply too many\r\n",
            "MAIL": "250 OK\r\n",
        ])

        let error = await Self.send(to: server)

        await server.stop()
        #expect(error == .protocolViolation(.ehlo, "unexpected reply 250 one reply too many"))
    }

    @Test func malformedReplyIsRefused() async throws {
        let server = try await SMTPScriptedServer.start(replies: ["EHLO": "hello there\r\n"])

        let error = await Self.send(to: server)

        await server.stop()
        #expect(error == .protocolViolation(.ehlo, "malformed reply line 'hello there'"))
    }

    @Test func serverThatNeverGreetsTimesOut() async throws {
        let server = try await SMTPScriptedServer.start(greeting: nil)
        let started = ContinuousClock.now

        let error = await Self.send(to: server, timeout: .milliseconds(300))

        await server.stop()
        #expect(error == .timedOut(.greeting))
        // Bounded generously: the point is failing fast instead of hanging, on a loaded 2-core CI machine too.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func serverThatStopsAnsweringMidwayTimesOutAtThatStep() async throws {
        let server = try await SMTPScriptedServer.start(replies: ["EHLO": "250 scripted\r\n", "MAIL": ""])

        let error = await Self.send(to: server, timeout: .milliseconds(300))

        await server.stop()
        #expect(error == .timedOut(.mailFrom))
    }

    @Test func serverRefusingTheSessionFailsAtTheGreeting() async throws {
        let server = try await SMTPScriptedServer.start(greeting: "554 5.3.2 no service for you\r\n")

        let error = await Self.send(to: server)

        await server.stop()
        #expect(error == .rejected(.greeting, code: 554, message: "5.3.2 no service for you"))
    }

    @Test(arguments: [
        ("localhost", true), ("127.0.0.1", true), ("127.5.6.7", true), ("::1", true), ("[::1]", true),
        ("LOCALHOST", true), ("smtp.example.com", false), ("10.0.0.1", false), ("localhost.example.com", false),
    ])
    func loopbackHostsAreRecognised(host: String, isLoopback: Bool) {
        #expect(SMTPMailer.isLoopback(host: host) == isLoopback)
    }
}
