import Vapor

/// Who is calling: set by `AccessTokenMiddleware` for authenticated routes.
struct AuthContext: Sendable {
    let user: User
    let session: UserSession
    let claims: TokenClaims

    var userID: UUID { user.id! }
    var sessionID: UUID { session.id! }
}

extension Request {
    private struct AuthContextKey: StorageKey { typealias Value = AuthContext }

    var authContext: AuthContext? {
        get { storage[AuthContextKey.self] }
        set { storage[AuthContextKey.self] = newValue }
    }

    /// The caller, or 401 on a route that forgot its middleware (never silently anonymous).
    var caller: AuthContext {
        get throws {
            guard let context = authContext else { throw Problem.unauthorized("Sign in first.") }
            return context
        }
    }
}
