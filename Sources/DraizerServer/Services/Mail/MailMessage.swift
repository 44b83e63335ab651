/// One plain-text email to one recipient.
///
/// Addresses are bare `local@domain` forms (no display names); the subject may be any single line of
/// Unicode text. Values are checked when the message is sent, and anything that could inject a header or
/// an SMTP command (a line break, angle brackets, control characters) is refused there.
public struct MailMessage: Sendable, Equatable {
    /// The recipient, such as `alice@example.com`.
    public var to: String
    /// A single line; non-ASCII text is sent as RFC 2047 encoded words.
    public var subject: String
    /// Plain text. Any of CR, LF and CRLF ends a line; lines are sent as CRLF.
    public var body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}
