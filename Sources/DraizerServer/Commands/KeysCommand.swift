import Fluent
import Vapor

/// `draizer keys rotate`: re-encrypts every stored secret (TOTP secrets, pending enrolments, exchange API
/// keys) with the current `ENCRYPTION_KEY`, reading old ones with `ENCRYPTION_KEYS_PREVIOUS`. Run it after
/// rotating the key; once it reports nothing left on an old key, the old key can be dropped. Exits
/// non-zero if any value cannot be read with the keys given, and changes nothing in that row.
struct KeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "rotate")
        var action: String
    }

    var help: String { "Re-encrypts stored secrets with the current ENCRYPTION_KEY (keys rotate)." }

    struct Report: Sendable, Equatable {
        var resealed = 0
        var current = 0
        var unreadable: [String] = []
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "rotate" else { throw Abort(.badRequest, reason: "unknown action \(signature.action): use rotate") }
        let report = try await Self.rotate(app: context.application)
        context.console.print("re-encrypted \(report.resealed) secret(s) with key \(context.application.services.secretBox.currentKeyID); "
                              + "\(report.current) already on it; \(report.unreadable.count) unreadable")
        for item in report.unreadable { context.console.error("unreadable: \(item)") }
        if !report.unreadable.isEmpty {
            throw Abort(.internalServerError, reason: "\(report.unreadable.count) secret(s) could not be decrypted with the configured keys")
        }
    }

    /// Re-seals what is not on the current key, one row per transaction; returns what it did.
    static func rotate(app: Application) async throws -> Report {
        let box = app.services.secretBox
        var report = Report()
        /// The value sealed with the current key, or nil when it needs no change (or cannot be read).
        func reseal(_ sealed: String?, context: String, label: String) -> String? {
            guard let sealed else { return nil }
            guard box.needsRotation(sealed) else { report.current += 1; return nil }
            do {
                let fresh = try box.reseal(sealed, associatedData: context)
                report.resealed += 1
                return fresh
            } catch {
                report.unreadable.append("\(label): \(error)")
                return nil
            }
        }
        for user in try await User.query(on: app.db).all() {
            let id = try user.requireID()
            let context = SecondFactor.secretContext(id)
            var changed = false
            if let value = reseal(user.mfaSecret, context: context, label: "users \(id) mfa_secret") {
                user.mfaSecret = value
                changed = true
            }
            if let value = reseal(user.mfaPendingSecret, context: context, label: "users \(id) mfa_pending_secret") {
                user.mfaPendingSecret = value
                changed = true
            }
            if changed { try await user.save(on: app.db) }
        }
        for row in try await ExchangeCredential.query(on: app.db).all() {
            let userID = row.$user.id
            var changed = false
            if let value = reseal(row.sealedAPIKey, context: ExchangeCredential.context(userID, field: "api_key"),
                                              label: "exchange_credentials \(row.id?.uuidString ?? "-") api_key") {
                row.sealedAPIKey = value
                changed = true
            }
            if let value = reseal(row.sealedSecretKey, context: ExchangeCredential.context(userID, field: "secret_key"),
                                              label: "exchange_credentials \(row.id?.uuidString ?? "-") secret_key") {
                row.sealedSecretKey = value
                changed = true
            }
            if changed { try await row.save(on: app.db) }
        }
        try await AuditTrail.record(
            "operator.keys.rotate", outcome: report.unreadable.isEmpty ? .success : .failure, user: nil,
            details: ["resealed": String(report.resealed), "unreadable": String(report.unreadable.count), "key_id": box.currentKeyID],
            context: app.operatorContext(command: "keys"))
        return report
    }
}
