import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers mail to an SMTP submission server (RFC 5321) over SwiftNIO: one connection a message,
/// STARTTLS with certificate verification when the settings ask for it, AUTH PLAIN or LOGIN, and a
/// plain-text UTF-8 message.
///
/// Every reply is checked; a failure throws ``SMTPError`` naming the step and the server's reply, and
/// every step has the settings' timeout. Credentials never cross an unencrypted connection except to a
/// loopback server.
public struct SMTPMailer: Mailer {
    public let settings: SMTPSettings
    private let eventLoopGroup: any EventLoopGroup
    private let tlsContext: NIOSSLContext?
    private let logger: Logger

    /// Checks the settings and prepares TLS (reading the extra trust root, if any), so a bad
    /// configuration fails at start-up rather than at the first email.
    public init(
        settings: SMTPSettings,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "draizer.mail")
    ) throws {
        try SMTPMessageRenderer.validateAddress(settings.from)
        guard (1...65_535).contains(settings.port) else {
            throw SMTPError.invalidSettings("port \(settings.port) is out of range")
        }
        guard (settings.username == nil) == (settings.password == nil) else {
            throw SMTPError.invalidSettings("a username and a password go together")
        }
        guard settings.timeout > .zero else {
            throw SMTPError.invalidSettings("the timeout must be positive")
        }
        if settings.startTLS {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            do {
                if let path = settings.extraTrustRootPath {
                    configuration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(path))]
                }
                self.tlsContext = try NIOSSLContext(configuration: configuration)
            } catch {
                throw SMTPError.invalidSettings("cannot set up TLS: \(error)")
            }
        } else {
            self.tlsContext = nil
        }
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws {
        try SMTPMessageRenderer.validateAddress(message.to)
        try SMTPMessageRenderer.validateSubject(message.subject)
        if settings.username != nil && !settings.startTLS && !Self.isLoopback(host: settings.host) {
            throw SMTPError.insecureAuthentication(host: settings.host)
        }

        let connection = try await SMTPConnection.open(
            host: settings.host,
            port: settings.port,
            timeout: settings.timeout,
            group: eventLoopGroup
        )
        do {
            try await deliver(message, over: connection)
        } catch {
            await connection.close()
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
        await quit(connection)
    }

    private func deliver(_ message: MailMessage, over connection: SMTPConnection) async throws {
        try expect(220, from: try await connection.greeting(), at: .greeting)
        var capabilities = try await ehlo(connection)

        if let tlsContext {
            guard capabilities.startTLS else {
                throw SMTPError.unsupported(.startTLS, "the server does not offer STARTTLS")
            }
            let upgrade = SMTPTLSUpgrade(
                context: tlsContext,
                serverHostname: Self.isIPAddress(settings.host) ? nil : settings.host
            )
            try expect(220, from: try await connection.command(.startTLS, "STARTTLS", tlsUpgrade: upgrade), at: .startTLS)
            // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
            capabilities = try await ehlo(connection)
        }

        if let username = settings.username, let password = settings.password {
            // The host name was checked before connecting; this checks where it actually led.
            if tlsContext == nil && !(connection.remoteAddress.map(Self.isLoopback(address:)) ?? false) {
                throw SMTPError.insecureAuthentication(host: settings.host)
            }
            try await authenticate(username: username, password: password, capabilities, connection)
        }

        let rendered = SMTPMessageRenderer.render(
            message,
            from: settings.from,
            date: Date(),
            messageID: "<\(UUID().uuidString.lowercased())@\(Self.domain(of: settings.from))>",
            eightBitAllowed: capabilities.eightBitMIME
        )
        let body = rendered.encoding == .eightBit ? " BODY=8BITMIME" : ""
        try expect(250, from: try await connection.command(.mailFrom, "MAIL FROM:<\(settings.from)>\(body)"), at: .mailFrom)
        try expect(250, 251, from: try await connection.command(.rcptTo, "RCPT TO:<\(message.to)>"), at: .rcptTo)
        try expect(354, from: try await connection.command(.data, "DATA"), at: .data)
        let payload = ByteBuffer(bytes: SMTPMessageRenderer.dataPayload(rendered.content))
        try expect(250, from: try await connection.exchange(.message, payload), at: .message)
        logger.debug("SMTP server accepted a message", metadata: ["smtp.host": "\(settings.host)"])
    }

    private func ehlo(_ connection: SMTPConnection) async throws -> SMTPCapabilities {
        let reply = try await connection.command(.ehlo, "EHLO \(Self.addressLiteral(connection.localAddress))")
        try expect(250, from: reply, at: .ehlo)
        return SMTPCapabilities(ehlo: reply)
    }

    /// AUTH PLAIN with an initial response (RFC 4616), or LOGIN where only that is offered.
    private func authenticate(
        username: String,
        password: String,
        _ capabilities: SMTPCapabilities,
        _ connection: SMTPConnection
    ) async throws {
        let mechanisms = capabilities.authMechanisms
        if mechanisms.contains("PLAIN") {
            let token = Self.base64("\0\(username)\0\(password)")
            var reply = try await connection.command(.auth, "AUTH PLAIN \(token)")
            if reply.code == 334 {
                // A server that does not take the initial response asks for it with an empty challenge.
                reply = try await connection.command(.auth, token)
            }
            try expect(235, from: reply, at: .auth)
        } else if mechanisms.contains("LOGIN") {
            try expect(334, from: try await connection.command(.auth, "AUTH LOGIN"), at: .auth)
            try expect(334, from: try await connection.command(.auth, Self.base64(username)), at: .auth)
            try expect(235, from: try await connection.command(.auth, Self.base64(password)), at: .auth)
        } else if mechanisms.isEmpty {
            throw SMTPError.unsupported(.auth, "the server does not offer AUTH")
        } else {
            let offered = mechanisms.sorted().joined(separator: " ")
            throw SMTPError.unsupported(.auth, "no supported AUTH mechanism among \(offered)")
        }
    }

    /// Ends the session politely. The message is already accepted, so a failure here is only logged:
    /// throwing would invite a retry that delivers the message twice.
    private func quit(_ connection: SMTPConnection) async {
        do {
            let reply = try await connection.command(.quit, "QUIT")
            if reply.code != 221 {
                logger.debug("SMTP QUIT answered \(reply.code) \(reply.text)")
            }
        } catch {
            logger.debug("SMTP QUIT failed: \(error)")
        }
        await connection.close()
    }

    private func expect(_ codes: Int..., from reply: SMTPReply, at step: SMTPError.Step) throws {
        guard codes.contains(reply.code) else {
            throw SMTPError.rejected(step, code: reply.code, message: reply.text)
        }
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    private static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }

    /// The EHLO argument: our own address as an address literal (RFC 5321 §4.1.3), which, unlike a
    /// host name, is known without a lookup and is never wrong.
    private static func addressLiteral(_ address: SocketAddress?) -> String {
        switch address {
        case .v4?:
            address?.ipAddress.map { "[\($0)]" } ?? "localhost"
        case .v6?:
            address?.ipAddress.map { "[IPv6:\($0)]" } ?? "localhost"
        default:
            "localhost"
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// `localhost` or a loopback IP address; where `localhost` leads is checked after connecting.
    static func isLoopback(host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "localhost." { return true }
        guard let address = try? SocketAddress(ipAddress: host, port: 0) else { return false }
        return isLoopback(address: address)
    }

    static func isLoopback(address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress?.lowercased() else { return false }
        switch address {
        case .v4:
            return ip.hasPrefix("127.")
        case .v6:
            return ip == "::1" || ip.hasPrefix("::ffff:127.")
        default:
            return false
        }
    }
}
