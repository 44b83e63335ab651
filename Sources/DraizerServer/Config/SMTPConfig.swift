/// Outgoing mail. Without `SMTP_HOST` mail goes to the development outbox (stored and logged).
public struct SMTPConfig: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var from: String
    /// STARTTLS before authenticating; only a loopback test server may turn it off.
    public var startTLS: Bool

    static func resolve(_ env: EnvironmentReader) throws(ConfigError) -> SMTPConfig? {
        guard let host = env.string("SMTP_HOST") else { return nil }
        let from = env.string("SMTP_FROM") ?? env.string("EMAILS_FROM_EMAIL") ?? "draizer@localhost"
        let parts = from.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !from.contains(where: { $0.isWhitespace || "<>\"(),;:".contains($0) })
        else { throw ConfigError("SMTP_FROM", "'\(from)' is not a bare email address (local@domain)") }
        guard (env.string("SMTP_USER") == nil) == (env.string("SMTP_PASSWORD") == nil) else {
            throw ConfigError(env.string("SMTP_USER") == nil ? "SMTP_USER" : "SMTP_PASSWORD",
                              "SMTP_USER and SMTP_PASSWORD must be set together")
        }
        return SMTPConfig(
            host: host,
            port: try env.int("SMTP_PORT", default: 587, range: 1...65535),
            username: env.string("SMTP_USER"),
            password: env.string("SMTP_PASSWORD"),
            from: from,
            startTLS: try env.bool("SMTP_TLS", default: true)
        )
    }
}
