import DraizerCore
import Fluent
import Foundation

/// A portfolio's ledger as of one version: what `GET /portfolio` shows and what an order is checked against.
struct LedgerSnapshot: Sendable {
    let portfolioID: UUID
    let userID: UUID
    let version: Int64
    let venue: String
    let runNumber: Int
    let runStartedAt: Date
    let state: PortfolioState

    init(portfolio: Portfolio, state: PortfolioState) throws {
        self.portfolioID = try portfolio.requireID()
        self.userID = portfolio.$user.id
        self.version = portfolio.version
        self.venue = portfolio.venue
        self.runNumber = portfolio.runNumber
        self.runStartedAt = portfolio.runStartedAt
        self.state = state
    }

    init(_ previous: LedgerSnapshot, state: PortfolioState, version: Int64) {
        self.portfolioID = previous.portfolioID
        self.userID = previous.userID
        self.version = version
        self.venue = previous.venue
        self.runNumber = previous.runNumber
        self.runStartedAt = previous.runStartedAt
        self.state = state
    }

    /// The user's ledger from the cache, or read from the database (and cached).
    static func current(of userID: UUID, caches: AppCaches, on database: @autoclosure () -> any Database) async throws -> LedgerSnapshot {
        if let snapshot = caches.ledgers.value(for: userID) { return snapshot }
        let ticket = caches.ledgers.ticket()
        let db = database()
        let portfolio = try await Portfolio.of(user: userID, on: db)
        let rows = try await Position.query(on: db).filter(\.$portfolio.$id == portfolio.requireID()).all()
        let snapshot = try LedgerSnapshot(portfolio: portfolio, state: LedgerStore.state(of: portfolio, positions: rows))
        caches.ledgers.store(snapshot, for: userID, user: userID, ticket: ticket)
        return snapshot
    }
}
