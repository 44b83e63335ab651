import Vapor

/// The headers every response carries. The CSP fits the web app: scripts and styles only from our own
/// origin (no inline code), images also as data: URIs (the 2FA QR code), the API and stream on our origin.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self' ws: wss:", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// No handler sets these: they are appended, not searched for and replaced (on every response).
    static let headers = [
        ("Content-Security-Policy", Self.contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.add(contentsOf: Self.headers)
        if request.isSecure {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains")
        }
        if request.isAPI {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

extension Request {
    /// True for the API's paths (`/api/…`). A route that starts with a constant says so without parsing the
    /// URL (Vapor's `url.path` goes through `URLComponents`, on every response); other paths (unmatched, or
    /// the web app's catch-all, which also receives unknown `GET /api/…`) are looked at.
    var isAPI: Bool {
        if let path = route?.path, case .constant(let first)? = path.first { return first == "api" && path.count > 1 }
        return url.path.hasPrefix("/api/")
    }
}
