/// Sends mail: verification emails and security notices.
///
/// Production uses ``SMTPMailer``; a development outbox or a test double can stand in for it.
public protocol Mailer: Sendable {
    /// Hands `message` to the mail system, returning once it has been accepted for delivery.
    func send(_ message: MailMessage) async throws
}
