import Vapor

/// The long-lived collaborators of request handlers, built once in `configure`. A class: handlers reach it
/// several times per request, and a struct was copied out of the application's storage, every field
/// retained, each time.
final class AppServices: Sendable {
    let tokens: TokenService
    let passwords: PasswordHasher
    let secretBox: SecretBox
    /// The general API limit's counts (shared across instances within a fraction of a second).
    let rateLimits: any RateLimitStore
    /// The counts of the login and analysis limits (exact across instances).
    let strictRateLimits: any RateLimitStore
    let mailer: any Mailer
    let caches: AppCaches

    init(tokens: TokenService, passwords: PasswordHasher, secretBox: SecretBox, rateLimits: any RateLimitStore,
         strictRateLimits: any RateLimitStore, mailer: any Mailer, caches: AppCaches) {
        self.tokens = tokens
        self.passwords = passwords
        self.secretBox = secretBox
        self.rateLimits = rateLimits
        self.strictRateLimits = strictRateLimits
        self.mailer = mailer
        self.caches = caches
    }
}

extension Application {
    private struct AppServicesKey: StorageKey { typealias Value = AppServices }

    var services: AppServices {
        get {
            guard let services = storage[AppServicesKey.self] else { fatalError("configure(_:config:) was not called") }
            return services
        }
        set { storage[AppServicesKey.self] = newValue }
    }
}

extension Request {
    var services: AppServices { application.services }
}
