import Fluent
import Vapor

enum Reauthentication {
    /// Sensitive actions ask again for the password and a second factor (TOTP or recovery code).
    static func require(_ body: PasswordAndCodeRequest, for user: User, on req: Request) async throws {
        guard try await req.services.passwords.verify(body.password, against: user.hashedPassword) else {
            try await LoginGuard.recordFailure(user, kind: "reauth_failed", on: req)
            throw Problem(.badRequest, type: "wrong-password", title: "Wrong password", detail: "The password is not correct.",
                          invalidParams: [.init(name: "password", reason: "is not correct")])
        }
        guard user.mfaEnabled else { return }
        let (accepted, _) = try await SecondFactor.verify(code: body.code, recoveryCode: body.recoveryCode, for: user, on: req)
        guard accepted else {
            try await LoginGuard.recordFailure(user, kind: "mfa_failed", on: req)
            throw Problem(.badRequest, type: "invalid-code", title: "Invalid code", detail: "The code is wrong, expired or already used.",
                          invalidParams: [.init(name: "code", reason: "does not match")])
        }
    }
}
