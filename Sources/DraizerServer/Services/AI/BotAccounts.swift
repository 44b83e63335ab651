import DraizerCore
import Fluent
import Foundation

/// A user's portfolio as a bot decides on it: the ledger state and the stored row it came from.
struct BotAccount: Sendable {
    let portfolioID: UUID
    let state: PortfolioState

    /// The accounts of `userIDs`, in two queries however many there are.
    static func load(_ userIDs: [UUID], on db: any Database) async throws -> [UUID: BotAccount] {
        guard !userIDs.isEmpty else { return [:] }
        let portfolios = try await Portfolio.query(on: db).filter(\.$user.$id ~~ userIDs).all()
        let ids = portfolios.compactMap(\.id)
        let positions = try await Position.query(on: db).filter(\.$portfolio.$id ~~ ids).all()
        let byPortfolio = Dictionary(grouping: positions) { $0.$portfolio.id }
        var accounts: [UUID: BotAccount] = [:]
        for portfolio in portfolios {
            let id = try portfolio.requireID()
            let state = try LedgerStore.state(of: portfolio, positions: byPortfolio[id] ?? [])
            accounts[portfolio.$user.id] = BotAccount(portfolioID: id, state: state)
        }
        return accounts
    }
}
