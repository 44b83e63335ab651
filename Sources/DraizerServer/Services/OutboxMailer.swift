import Fluent
import Logging

/// Development mail: stored in `outbox_messages` and logged, so a developer (and the tests) can read the
/// verification link without an SMTP server.
struct OutboxMailer: Mailer {
    let database: any Database
    let logger: Logger

    func send(_ message: MailMessage) async throws {
        let stored = OutboxMessage()
        stored.recipient = message.to
        stored.subject = message.subject
        stored.body = message.body
        try await stored.create(on: database)
        logger.info("mail to outbox", metadata: ["to": .string(message.to), "subject": .string(message.subject)])
    }
}
