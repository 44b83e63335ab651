import Foundation
import Testing

@testable import DraizerServer

/// The mailer against a real SMTP server (aiosmtpd) on loopback.
@Suite struct SMTPMailerTests {
    static let from = "no-reply@draizer.test"
    static let to = "alice@example.com"
    /// A dot-led line (dot-stuffing), a line of only a dot, UTF-8 text and mixed line endings.
    static let body = "Hello Alice,\n.hidden by a careless client\n.\nGrüße aus Zürich — 日本語\r\nBye\r"

    static func settings(_ server: SMTPTestServer, _ change: (inout SMTPSettings) -> Void = { _ in }) -> SMTPSettings {
        var settings = SMTPSettings(host: "127.0.0.1", port: server.port, from: from, startTLS: false, timeout: .seconds(10))
        change(&settings)
        return settings
    }

    static func tlsSettings(_ server: SMTPTestServer, password: String? = nil) -> SMTPSettings {
        settings(server) {
            $0.host = "localhost"
            $0.startTLS = true
            $0.extraTrustRootPath = server.certificatePath
            $0.username = "draizer-mailer"
            $0.password = password ?? "correct horse battery staple"
        }
    }

    static let tlsAuthServer = SMTPTestServer.Options(startTLS: true, requireAuth: true)

    @Test func deliversMessageIntactOverPlainLoopback() async throws {
        try await withSMTPTestServer { server in
            let mailer = try SMTPMailer(settings: Self.settings(server))

            try await mailer.send(MailMessage(to: Self.to, subject: "Verify your email", body: Self.body))

            let messages = try server.messages()
            try #require(messages.count == 1)
            let message = messages[0]
            #expect(message.mailFrom == Self.from)
            #expect(message.recipients == [Self.to])
            #expect(message.subject == "Verify your email")
            #expect(message.body == "Hello Alice,\r\n.hidden by a careless client\r\n.\r\nGrüße aus Zürich — 日本語\r\nBye\r\n")
            #expect(message.charset == "utf-8")
            #expect(message.raw.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"))
            #expect(message.transferEncoding == "8bit")
            #expect(message.mailOptions == ["BODY=8BITMIME"])
            #expect(message.raw.contains("\r\nMIME-Version: 1.0\r\n"))
            #expect(message.raw.contains("\r\nTo: alice@example.com\r\n"))
            #expect(message.raw.contains("\r\nMessage-ID: <"))
            #expect(message.raw.contains("@draizer.test>\r\n"))
            #expect(message.raw.range(of: #"^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\r\n"#, options: .regularExpression) != nil)
            #expect(!message.tls)
        }
    }

    @Test func deliversOverSTARTTLSWithAuthentication() async throws {
        try await withSMTPTestServer(Self.tlsAuthServer) { server in
            let mailer = try SMTPMailer(settings: Self.tlsSettings(server))
            let subject = "Vérifiez votre adresse — код 123456 ✅"

            try await mailer.send(MailMessage(to: Self.to, subject: subject, body: Self.body))

            let attempts = try server.authAttempts()
            try #require(attempts.count == 1)
            #expect(attempts[0].mechanism == "PLAIN")
            #expect(attempts[0].login == "draizer-mailer")
            #expect(attempts[0].password == "correct horse battery staple")
            #expect(attempts[0].success)
            #expect(attempts[0].tls)
            let messages = try server.messages()
            try #require(messages.count == 1)
            #expect(messages[0].tls)
            #expect(messages[0].authenticated)
            #expect(messages[0].subject == subject)
            #expect(messages[0].raw.contains("Subject: =?UTF-8?B?"))
            #expect(messages[0].body.hasPrefix("Hello Alice,\r\n.hidden by a careless client\r\n.\r\nGrüße"))
        }
    }

    @Test func fallsBackToAuthLoginWhenPlainIsNotOffered() async throws {
        let options = SMTPTestServer.Options(requireAuth: true, authWithoutTLS: true, excludedAuthMechanisms: ["PLAIN"])
        try await withSMTPTestServer(options) { server in
            let mailer = try SMTPMailer(settings: Self.settings(server) {
                $0.username = "draizer-mailer"
                $0.password = "correct horse battery staple"
            })

            try await mailer.send(MailMessage(to: Self.to, subject: "Login", body: "Hi"))

            #expect(try server.authAttempts().map(\.mechanism) == ["LOGIN"])
            #expect(try server.messages().map(\.authenticated) == [true])
        }
    }

    @Test func wrongPasswordFailsAtTheAuthStep() async throws {
        try await withSMTPTestServer(Self.tlsAuthServer) { server in
            let mailer = try SMTPMailer(settings: Self.tlsSettings(server, password: "wrong"))

            let error = await #expect(throws: SMTPError.self) {
                try await mailer.send(MailMessage(to: Self.to, subject: "Hi", body: "Hi"))
            }

            #expect(error?.step == .auth)
            guard case .rejected(.auth, 535, _)? = error else {
                Issue.record("expected a 535 rejection at AUTH, got \(String(describing: error))")
                return
            }
            #expect(error?.description.contains("AUTH") == true)
            #expect(try server.authAttempts().map(\.success) == [false])
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func rejectedRecipientFailsAtTheRcptStep() async throws {
        try await withSMTPTestServer { server in
            let mailer = try SMTPMailer(settings: Self.settings(server))

            let error = await #expect(throws: SMTPError.self) {
                try await mailer.send(MailMessage(to: "nobody@example.com", subject: "Hi", body: "Hi"))
            }

            guard case .rejected(.rcptTo, 550, let reply)? = error else {
                Issue.record("expected a 550 rejection at RCPT TO, got \(String(describing: error))")
                return
            }
            #expect(reply.contains("Recipient address rejected"))
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func untrustedCertificateFailsBeforeCredentialsAreSent() async throws {
        try await withSMTPTestServer(Self.tlsAuthServer) { server in
            var settings = Self.tlsSettings(server)
            settings.extraTrustRootPath = nil
            let mailer = try SMTPMailer(settings: settings)

            let error = await #expect(throws: SMTPError.self) {
                try await mailer.send(MailMessage(to: Self.to, subject: "Hi", body: "Hi"))
            }

            guard case .tlsFailed? = error else {
                Issue.record("expected a TLS failure, got \(String(describing: error))")
                return
            }
            #expect(try server.authAttempts().isEmpty)
        }
    }

    @Test func serverWithoutSTARTTLSIsRefusedWhenTLSIsRequired() async throws {
        try await withSMTPTestServer { server in
            let mailer = try SMTPMailer(settings: Self.settings(server) { $0.startTLS = true })

            let error = await #expect(throws: SMTPError.self) {
                try await mailer.send(MailMessage(to: Self.to, subject: "Hi", body: "Hi"))
            }

            #expect(error == .unsupported(.startTLS, "the server does not offer STARTTLS"))
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func absentServerFailsToConnectQuickly() async throws {
        let port = try await unusedSMTPTestPort()
        let mailer = try SMTPMailer(settings: SMTPSettings(host: "127.0.0.1", port: port, from: Self.from, startTLS: false))
        let started = ContinuousClock.now

        let error = await #expect(throws: SMTPError.self) {
            try await mailer.send(MailMessage(to: Self.to, subject: "Hi", body: "Hi"))
        }

        guard case .connectionFailed(host: "127.0.0.1", port: port, _)? = error else {
            Issue.record("expected a connection failure, got \(String(describing: error))")
            return
        }
        // Bounded generously: the point is failing fast instead of hanging, on a loaded 2-core CI machine too.
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test func credentialsWithoutTLSToARemoteHostAreRefusedBeforeConnecting() async throws {
        // `.invalid` never resolves, so a connection attempt would fail differently.
        let mailer = try SMTPMailer(settings: SMTPSettings(
            host: "smtp.example.invalid", port: 587, username: "user", password: "secret",
            from: Self.from, startTLS: false
        ))

        await #expect(throws: SMTPError.insecureAuthentication(host: "smtp.example.invalid")) {
            try await mailer.send(MailMessage(to: Self.to, subject: "Hi", body: "Hi"))
        }
    }

    @Test(arguments: [
        MailMessage(to: "alice@example.com", subject: "Hi\r\nBcc: mallory@example.com", body: "x"),
        MailMessage(to: "alice@example.com", subject: "Hi\nBcc: mallory@example.com", body: "x"),
        MailMessage(to: "alice@example.com\r\nBcc: mallory@example.com", subject: "Hi", body: "x"),
        MailMessage(to: "alice@example.com>\r\nRCPT TO:<mallory@example.com", subject: "Hi", body: "x"),
    ])
    func headerAndCommandInjectionIsRefusedBeforeConnecting(message: MailMessage) async throws {
        let mailer = try SMTPMailer(settings: SMTPSettings(host: "smtp.example.invalid", from: Self.from, startTLS: false))

        let error = await #expect(throws: SMTPError.self) { try await mailer.send(message) }

        #expect(error?.step == nil)
    }

    @Test func settingsWithAnUnreadableTrustRootAreRefused() {
        #expect(throws: SMTPError.self) {
            try SMTPMailer(settings: SMTPSettings(
                host: "localhost", from: Self.from, extraTrustRootPath: "/nonexistent/root.pem"
            ))
        }
    }
}
