/// Why ``SMTPMailer`` could not send a message. Errors from a conversation name the step that failed
/// and, where the server answered, its reply.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A step of the SMTP conversation, in the order the mailer takes them.
    public enum Step: String, Sendable, Equatable, CustomStringConvertible {
        case connect
        case greeting
        case ehlo = "EHLO"
        case startTLS = "STARTTLS"
        case auth = "AUTH"
        case mailFrom = "MAIL FROM"
        case rcptTo = "RCPT TO"
        case data = "DATA"
        /// The message content and the final `.` that ends it.
        case message = "message content"
        case quit = "QUIT"

        public var description: String { rawValue }
    }

    /// An address is malformed or holds characters that could inject headers or commands.
    case invalidAddress(String)
    /// The subject holds a line break or another control character.
    case invalidSubject
    /// The settings cannot be used as given.
    case invalidSettings(String)
    /// Credentials would cross an unencrypted connection to a host that is not loopback.
    case insecureAuthentication(host: String)
    /// The server could not be reached.
    case connectionFailed(host: String, port: Int, reason: String)
    /// The server did not answer within the timeout.
    case timedOut(Step)
    /// The connection ended or failed while the server owed a reply.
    case connectionLost(Step, reason: String)
    /// The server answered with a code that does not let the conversation go on.
    case rejected(Step, code: Int, message: String)
    /// The server does not offer something the settings require.
    case unsupported(Step, String)
    /// The TLS handshake failed, for example because the certificate could not be verified.
    case tlsFailed(String)
    /// The server broke the protocol: a malformed or unsolicited reply.
    case protocolViolation(Step, String)

    /// The step that failed, when the failure happened during the conversation.
    public var step: Step? {
        switch self {
        case .invalidAddress, .invalidSubject, .invalidSettings, .insecureAuthentication:
            nil
        case .connectionFailed:
            .connect
        case .timedOut(let step), .connectionLost(let step, _), .rejected(let step, _, _),
            .unsupported(let step, _), .protocolViolation(let step, _):
            step
        case .tlsFailed:
            .startTLS
        }
    }

    public var description: String {
        switch self {
        case .invalidAddress(let address):
            "SMTP: \(address.debugDescription) is not an acceptable email address"
        case .invalidSubject:
            "SMTP: the subject contains a line break or another control character"
        case .invalidSettings(let reason):
            "SMTP settings: \(reason)"
        case .insecureAuthentication(let host):
            "SMTP: refusing to send credentials to \(host) without TLS; enable STARTTLS"
        case .connectionFailed(let host, let port, let reason):
            "SMTP connect to \(host):\(port) failed: \(reason)"
        case .timedOut(let step):
            "SMTP \(step) step timed out waiting for the server"
        case .connectionLost(let step, let reason):
            "SMTP \(step) step failed: \(reason)"
        case .rejected(let step, let code, let message):
            "SMTP \(step) step failed: server replied \(code) \(message)"
        case .unsupported(let step, let reason):
            "SMTP \(step) step failed: \(reason)"
        case .tlsFailed(let reason):
            "SMTP STARTTLS step failed: TLS handshake: \(reason)"
        case .protocolViolation(let step, let reason):
            "SMTP \(step) step failed: protocol violation: \(reason)"
        }
    }
}
