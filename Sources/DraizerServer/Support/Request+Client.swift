import Vapor

extension Request {
    /// The client's address: the first `X-Forwarded-For` hop when the server sits behind a trusted proxy,
    /// else the socket peer.
    var clientIP: String {
        // The rightmost entry is the one our proxy added; anything left of it is whatever the client claimed.
        if application.config.trustProxy,
           let forwarded = headers[.xForwardedFor].last?.split(separator: ",").last {
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
