import Vapor

extension Request {
    /// The client's address: the first `X-Forwarded-For` hop when the server sits behind a trusted proxy,
    /// else the socket peer.
    var clientIP: String {
        if application.config.trustProxy,
           let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }

    /// Whether the browser reached us over TLS (directly, or at the trusted proxy).
    var isSecure: Bool {
        if url.scheme == "https" { return true }
        return application.config.trustProxy && headers.first(name: .xForwardedProto)?.lowercased() == "https"
    }

    var userAgent: String? { headers.first(name: .userAgent).map { String($0.prefix(512)) } }
}
