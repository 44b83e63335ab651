import Logging

/// Hands mail to a slow upstream (SMTP) without holding the request that caused it: the request returns
/// at once, delivery happens in the background, and failures are logged with the recipient's domain.
struct BackgroundMailer: Mailer {
    let upstream: any Mailer
    let logger: Logger

    func send(_ message: MailMessage) async throws {
        let upstream = self.upstream, logger = self.logger
        Task.detached {
            do { try await upstream.send(message) } catch {
                logger.error("mail not delivered", metadata: [
                    "to_domain": .string(String(message.to.split(separator: "@").last ?? "")),
                    "subject": .string(message.subject), "error": .string(String(describing: error)),
                ])
            }
        }
    }
}
