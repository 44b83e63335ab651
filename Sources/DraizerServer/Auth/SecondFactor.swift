import Fluent
import SQLKit
import Vapor

/// TOTP and recovery-code checks for a user, each usable once.
enum SecondFactor {
    /// Associated data binding a sealed TOTP secret to its owner, so it cannot be copied to another row.
    static func secretContext(_ userID: UUID) -> String { "users.mfa_secret:\(userID.uuidString)" }

    static func openSecret(_ sealed: String, userID: UUID, on request: Request) throws -> [UInt8] {
        do { return try request.services.secretBox.open(sealed, associatedData: secretContext(userID)) } catch {
            request.logger.error("cannot decrypt a TOTP secret: \(error)")
            throw Problem(.internalServerError, type: "internal", detail: "The 2FA secret cannot be read; ask an operator to reset 2FA.")
        }
    }

    /// True when `code` is a current TOTP code for `user` that has not been used before. The step is
    /// claimed with one conditional UPDATE, so a code replayed concurrently is accepted once.
    static func verifyTOTP(_ code: String, for user: User, on request: Request) async throws -> Bool {
        guard let sealed = user.mfaSecret else { return false }
        let userID = try user.requireID()
        let secret = try openSecret(sealed, userID: userID, on: request)
        guard let step = TOTP.standard.verify(code: code, secret: secret, at: request.now, after: user.mfaLastStep) else {
            return false
        }
        guard let sql = request.db as? any SQLDatabase else { return false }
        let rows = try await sql.raw("""
            UPDATE users SET mfa_last_step = \(bind: step)
            WHERE id = \(bind: userID) AND (mfa_last_step IS NULL OR mfa_last_step < \(bind: step))
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Checks whichever factor the user gave — a TOTP code or, for a lost device, a recovery code — and says
    /// which it was. Neither given is a 400 naming the field.
    static func verify(code: String?, recoveryCode: String?, for user: User, on request: Request) async throws
        -> (accepted: Bool, usedRecoveryCode: Bool)
    {
        if let code { return (try await verifyTOTP(code, for: user, on: request), false) }
        if let recoveryCode { return (try await useRecoveryCode(recoveryCode, for: user, on: request), true) }
        throw Problem.validation("Give the 6-digit code or a recovery code.", params: [.init(name: "code", reason: "is required")])
    }

    /// True when `code` is one of the user's unused recovery codes; it is spent in the same statement.
    static func useRecoveryCode(_ code: String, for user: User, on request: Request) async throws -> Bool {
        let userID = try user.requireID()
        guard let hash = RecoveryCodes.hash(code, salt: userID.uuidString), let sql = request.db as? any SQLDatabase else {
            return false
        }
        let rows = try await sql.update(RecoveryCode.schema)
            .set("used_at", to: request.now)
            .where("user_id", .equal, userID)
            .where("code_hash", .equal, hash)
            .where("used_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return !rows.isEmpty
    }

    /// Replaces the user's recovery codes with ten new ones and returns them (shown once, stored hashed).
    static func newRecoveryCodes(for userID: UUID, on database: any Database) async throws -> [String] {
        let codes = RecoveryCodes.generate()
        try await RecoveryCode.query(on: database).filter(\.$user.$id == userID).delete()
        for code in codes {
            let row = RecoveryCode()
            row.$user.id = userID
            row.codeHash = RecoveryCodes.hash(code, salt: userID.uuidString)!
            try await row.create(on: database)
        }
        return codes
    }

    static func remainingRecoveryCodes(for userID: UUID, on database: any Database) async throws -> Int {
        try await RecoveryCode.query(on: database).filter(\.$user.$id == userID).filter(\.$usedAt == nil).count()
    }
}
