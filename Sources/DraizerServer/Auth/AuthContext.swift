import Fluent
import Vapor

/// Who is calling: set by `AccessTokenMiddleware` for authenticated routes, from the token and the
/// session's cached grant. Handlers that need the user's or session's row read it with `callerUser()` or
/// `callerSession()`: fresh from the database, never a shared cached object.
struct AuthContext: Sendable {
    let userID: UUID
    let sessionID: UUID
    let claims: TokenClaims
    let mfaVerified: Bool
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

    /// The caller's user row (401 if it vanished since the session was checked).
    func callerUser() async throws -> User {
        guard let user = try await User.find(try caller.userID, on: db) else {
            throw Problem.unauthorized("The session has ended; sign in again.")
        }
        return user
    }

    /// The caller's session row (401 if it vanished since it was checked).
    func callerSession() async throws -> UserSession {
        guard let session = try await UserSession.find(try caller.sessionID, on: db) else {
            throw Problem.unauthorized("The session has ended; sign in again.")
        }
        return session
    }
}
