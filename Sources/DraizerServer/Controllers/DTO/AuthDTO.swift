import Foundation
import Vapor

struct RegisterRequest: StrictContent {
    static let fields: Set<String> = ["email", "username", "password", "full_name"]
    let email: String
    let username: String
    let password: String
    let fullName: String?
}

/// Sign in with the email or the username.
struct LoginRequest: StrictContent {
    static let fields: Set<String> = ["email", "username", "password"]
    let email: String?
    let username: String?
    let password: String
}

struct MFAVerifyRequest: StrictContent {
    static let fields: Set<String> = ["mfa_token", "code", "recovery_code"]
    let mfaToken: String
    let code: String?
    let recoveryCode: String?
}

struct CodeRequest: StrictContent {
    static let fields: Set<String> = ["code"]
    let code: String
}

struct PasswordAndCodeRequest: StrictContent {
    static let fields: Set<String> = ["password", "code", "recovery_code"]
    let password: String
    let code: String?
    let recoveryCode: String?
}

struct PasswordChangeRequest: StrictContent {
    static let fields: Set<String> = ["current_password", "new_password"]
    let currentPassword: String
    let newPassword: String
}

struct VerifyEmailRequest: StrictContent {
    static let fields: Set<String> = ["token"]
    let token: String
}

struct UpdateMeRequest: StrictContent {
    static let fields: Set<String> = ["full_name", "username"]
    let fullName: String?
    let username: String?
}

struct TokenResponse: Content {
    let accessToken: String
    var tokenType = "bearer"
    var expiresIn = Int(TokenService.accessLifetime)
    /// Echo of the CSRF cookie for clients that prefer not to read cookies.
    let csrfToken: String
    /// True until the user has enabled two-factor authentication on a server that requires it.
    let mfaSetupRequired: Bool
    let user: UserResponse
}

struct MFAChallengeResponse: Content {
    var mfaRequired = true
    let mfaToken: String
    var expiresIn = Int(TokenService.mfaChallengeLifetime)
}

struct MFASetupResponse: Content {
    let secret: String
    let otpauthUri: String
    /// The QR code as an SVG document, and the same as a data: URI for an <img>.
    let qrSvg: String
    let qrDataUri: String
}

struct RecoveryCodesResponse: Content {
    let mfaEnabled: Bool
    let recoveryCodes: [String]
}

struct UserResponse: Content {
    let id: UUID
    let email: String
    let username: String
    let fullName: String?
    let isVerified: Bool
    let mfaEnabled: Bool
    let createdAt: Date?
    let lastLoginAt: Date?

    init(_ user: User) {
        id = user.id!
        email = user.email
        username = user.username
        fullName = user.fullName
        isVerified = user.isVerified
        mfaEnabled = user.mfaEnabled
        createdAt = user.createdAt
        lastLoginAt = user.lastLoginAt
    }
}

struct SessionResponse: Content {
    let id: UUID
    let createdAt: Date?
    let lastUsedAt: Date?
    let ipAddress: String?
    let userAgent: String?
    let mfaVerified: Bool
    let current: Bool
}

struct SecurityEventResponse: Content {
    let id: UUID
    let eventType: String
    let severity: String
    let ipAddress: String?
    let userAgent: String?
    let details: [String: String]?
    let createdAt: Date?

    init(_ event: SecurityEvent) {
        id = event.id!
        eventType = event.eventType
        severity = event.severity
        ipAddress = event.ipAddress
        userAgent = event.userAgent
        details = event.details.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        createdAt = event.createdAt
    }
}

struct Page<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let perPage: Int
    let total: Int
}

struct PageQuery: Content {
    var page: Int?
    var perPage: Int?

    enum CodingKeys: String, CodingKey {
        case page
        case perPage = "per_page"
    }

    /// 1-based page and a size of 1…100 (default 20); anything else is a 400.
    func validated() throws -> (page: Int, perPage: Int) {
        let page = self.page ?? 1, perPage = self.perPage ?? 20
        guard page >= 1, page <= 100_000 else {
            throw Problem.validation("page must be 1 to 100000.", params: [.init(name: "page", reason: "must be 1–100000")])
        }
        guard (1...100).contains(perPage) else { throw Problem.validation("per_page must be 1 to 100.", params: [.init(name: "per_page", reason: "must be 1–100")]) }
        return (page, perPage)
    }
}
