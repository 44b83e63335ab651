import Vapor

/// The two cookies of a browser session. The refresh token is httpOnly and scoped to the auth routes; the
/// CSRF token is readable by the web app, which echoes it in `X-CSRF-Token` (double submit).
enum AuthCookies {
    static let refresh = "draizer_refresh"
    static let csrf = "draizer_csrf"
    static let refreshPath = "/api/v1/auth"
    static let refreshLifetime: TimeInterval = 7 * 24 * 60 * 60

    static func set(refreshToken: String, csrfToken: String, on response: Response, for request: Request) {
        let secure = request.application.config.cookieSecure || request.isSecure
        response.cookies[refresh] = HTTPCookies.Value(
            string: refreshToken, maxAge: Int(refreshLifetime), path: refreshPath,
            isSecure: secure, isHTTPOnly: true, sameSite: .strict)
        response.cookies[csrf] = HTTPCookies.Value(
            string: csrfToken, maxAge: Int(refreshLifetime), path: "/",
            isSecure: secure, isHTTPOnly: false, sameSite: .strict)
    }

    static func clear(on response: Response, for request: Request) {
        let secure = request.application.config.cookieSecure || request.isSecure
        response.cookies[refresh] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0,
                                                      path: refreshPath, isSecure: secure, isHTTPOnly: true, sameSite: .strict)
        response.cookies[csrf] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0,
                                                   path: "/", isSecure: secure, isHTTPOnly: false, sameSite: .strict)
    }

    /// Cookie-authenticated, state-changing requests (refresh, logout) must echo the CSRF cookie in a header
    /// and come from an allowed origin: our own, or one of `BACKEND_CORS_ORIGINS`.
    static func requireCSRF(_ request: Request) throws {
        guard let cookie = request.cookies[csrf]?.string, !cookie.isEmpty,
              let header = request.headers.first(name: "X-CSRF-Token"),
              ConstantTime.equals(cookie, header)
        else {
            throw Problem.forbidden("csrf", "CSRF check failed", "Send the draizer_csrf cookie's value in the X-CSRF-Token header.")
        }
        let origin = request.headers.first(name: .origin)
            ?? request.headers.first(name: .referer).flatMap { URL(string: $0) }.map { url in
                "\(url.scheme ?? "")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
            }
        guard let origin, allowedOrigins(for: request).contains(origin.lowercased()) else {
            throw Problem.forbidden("csrf", "CSRF check failed", "The request's Origin is not allowed.")
        }
    }

    private static func allowedOrigins(for request: Request) -> Set<String> {
        var origins = Set(request.application.config.corsOrigins.map { $0.lowercased().trimmingSuffix("/") })
        if let host = request.headers.first(name: .host)?.lowercased() {
            origins.insert("http://\(host)")
            origins.insert("https://\(host)")
        }
        return origins
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
