import Vapor

/// The long-lived collaborators of request handlers, built once in `configure`.
struct AppServices: Sendable {
    let tokens: TokenService
    let passwords: PasswordHasher
    let secretBox: SecretBox
    let rateLimits: any RateLimitStore
    let mailer: any Mailer
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
