import Fluent
import SQLKit
import NIOConcurrencyHelpers
import Foundation
import Vapor

/// The caches of the hot paths: checked sessions (every authenticated request) and portfolio ledgers (the
/// dashboard's polling, every order's check). Changes made by this process evict at once (model
/// middleware, and the writers of bulk updates); changes made anywhere reach every PostgreSQL instance
/// through `ChangeListener`.
struct AppCaches: Sendable {
    let sessions: UserScopedCache<UUID, SessionGrant>
    let ledgers: UserScopedCache<UUID, LedgerSnapshot>
    /// Ledger versions this process is writing now (user → the version its booking will make). Their
    /// notifications come back to this process too, sometimes before the writer has stored the new ledger:
    /// evicting then would only make the next order read the database for what the writer is about to store.
    private let ownWrites = NIOLockedValueBox<[UUID: Int64]>([:])
    /// How many times the caches went dark (the change listener's connection was lost).
    private let darkSpells = NIOLockedValueBox(0)

    /// On PostgreSQL the caches start dark and serve once the change listener is connected.
    init(live: Bool) {
        sessions = UserScopedCache(live: live)
        ledgers = UserScopedCache(live: live, version: { $0.version })
    }

    /// The user, or one of their sessions, changed.
    func userChanged(_ userID: UUID) {
        sessions.evict(user: userID)
    }

    /// The user's portfolio changed; `version` is the one written, when known.
    func ledgerChanged(_ userID: UUID, version: Int64?) {
        ledgers.evict(user: userID, changed: version)
    }

    /// Runs `write`, which makes `version` of the user's ledger and stores it here itself when it succeeds
    /// (when it does not, it evicts, so skipping a notification of that version from another writer can
    /// leave nothing stale behind).
    func writingLedger<T>(of userID: UUID, version: Int64, _ write: () async throws -> T) async rethrows -> T {
        ownWrites.withLockedValue { $0[userID] = version }
        defer { ownWrites.withLockedValue { writes in if writes[userID] == version { writes[userID] = nil } } }
        return try await write()
    }

    /// Evicts on every save or delete of a user, session or portfolio made through Fluent in this process.
    func installEvictions(on app: Application) {
        let caches = self
        app.databases.middleware.use(CacheEvictionMiddleware<User>(caches: caches) { caches, user in
            if let id = user.id { caches.userChanged(id) }
        })
        app.databases.middleware.use(CacheEvictionMiddleware<UserSession>(caches: caches) { caches, session in
            caches.userChanged(session.$user.id)
        })
        app.databases.middleware.use(CacheEvictionMiddleware<Portfolio>(caches: caches) { caches, portfolio in
            caches.ledgerChanged(portfolio.$user.id, version: nil)
        })
    }

    /// Whether the caches serve (on PostgreSQL: whether the change listener is connected).
    var isLive: Bool { sessions.isLive }

    func setLive(_ live: Bool) {
        if !live { darkSpells.withLockedValue { $0 += 1 } }
        sessions.setLive(live)
        ledgers.setLive(live)
    }

    /// How many times the caches went dark so far: a dark spell can be shorter than one look at `isLive`.
    var timesDark: Int { darkSpells.withLockedValue { $0 } }

    /// Reads one `draizer_cache` notification: `<schema> user <id>`, `<schema> ledger <id> <version>` (the
    /// trigger), or `<schema> ledgers <id>:<version> …` (a booking statement). The payload is ASCII, split on
    /// its bytes (one arrives per batch of orders).
    func apply(notification payload: String, schema: String) {
        let words = payload.utf8.split(separator: UInt8(ascii: " ")).map(Substring.init)
        guard words.count >= 3, words[0] == schema else { return }
        if words[1] == "ledgers" { return applyLedgers(words.dropFirst(2)) }
        guard let userID = UUID(uuidString: String(words[2])) else { return }
        switch words[1] {
        case "user": userChanged(userID)
        case "ledger":
            ledgerAnnounced(userID, version: words.count > 3 ? Int64(words[3]) : nil)
        default: break
        }
    }

    /// A booking statement's ledgers, `user:version` each.
    private func applyLedgers(_ pairs: ArraySlice<Substring>) {
        for pair in pairs {
            let parts = pair.utf8.split(separator: UInt8(ascii: ":"))
            guard parts.count == 2, let userID = UUID(uuidString: String(Substring(parts[0]))) else { continue }
            ledgerAnnounced(userID, version: Int64(Substring(parts[1])))
        }
    }

    private func ledgerAnnounced(_ userID: UUID, version: Int64?) {
        if let version, ownWrites.withLockedValue({ $0[userID] == version }) { return }
        ledgerChanged(userID, version: version)
    }
}

/// Calls `evict` after every update or delete of a `Watched` model.
struct CacheEvictionMiddleware<Watched: Model>: AsyncModelMiddleware {
    typealias Model = Watched
    let caches: AppCaches
    let evict: @Sendable (AppCaches, Watched) -> Void

    func update(model: Watched, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        // Any change to a ledger is a new version: an order checked against the old one will not book. The
        // increment is made by the database, so two writers can never both write the same version.
        if let portfolio = model as? Portfolio, let id = portfolio.id { try await LedgerVersion.bump(portfolio: id, on: db) }
        evict(caches, model)
    }

    func delete(model: Watched, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        evict(caches, model)
    }
}

/// Writes to a portfolio other than bookings (reset, venue) make a new ledger version with this.
enum LedgerVersion {
    static func bump(portfolio id: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE portfolios SET version = version + 1 WHERE id = \(bind: id)").run()
    }

    static func bump(portfolioOf userID: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE portfolios SET version = version + 1 WHERE user_id = \(bind: userID)").run()
    }
}
