import DraizerCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Places orders on a user's portfolio. The core decides (`PaperExecution`, `PortfolioState.apply`); this
/// service makes the decision and its booking atomic: one database transaction moves cash, the position,
/// the transaction row, the audit row and an equity snapshot. Orders on one portfolio are serialised by a
/// row lock on PostgreSQL (across instances) and an in-process lock (SQLite has one writer, one process),
/// and the cash update is conditional on the balance that was read, so nothing can overspend or oversell.
struct TradingService: Sendable {
    let prices: any PriceBook
    let execution: PaperExecution
    let locks: KeyedLock<UUID>

    struct Placed: Sendable {
        let transaction: TransactionResponse
        let cash: Money
        let position: PositionResponse
        /// True when an earlier request with the same Idempotency-Key is being answered again.
        let replayed: Bool
    }

    func place(
        _ order: OrderRequest, userID: UUID, source: String, idempotencyKey: String?, on request: Request
    ) async throws -> Placed {
        guard let portfolioID = try await Portfolio.query(on: request.db).filter(\.$user.$id == userID).first()?.id else {
            throw Problem(.notFound, type: "not-found", title: "No portfolio", detail: "This account has no portfolio.")
        }
        let info = await prices.symbolInfo(order.symbol)
        let price = await prices.latestPrice(order.symbol)
        let now = request.now
        return try await locks.withLock(portfolioID) {
            try await request.db.writeTransaction { db in
                try await Self.lockRow(portfolioID, on: db)
                if let key = idempotencyKey, let earlier = try await PortfolioTransaction.query(on: db)
                    .filter(\.$portfolio.$id == portfolioID).filter(\.$idempotencyKey == key).first() {
                    let portfolio = try await Self.portfolio(portfolioID, on: db)
                    let position = try await Self.positionRow(portfolioID, symbol: earlier.symbol, on: db)
                    return Placed(transaction: TransactionResponse(earlier), cash: portfolio.balance,
                                  position: PositionResponse(row: position, symbol: earlier.symbol, mark: nil), replayed: true)
                }
                let portfolio = try await Self.portfolio(portfolioID, on: db)
                let rows = try await Position.query(on: db).filter(\.$portfolio.$id == portfolioID).all()
                let state = try LedgerStore.state(of: portfolio, positions: rows)
                let fill: Fill
                switch execution.execute(order, info: info, price: price, now: Int64(now.timeIntervalSince1970 * 1000), portfolio: state) {
                case .failure(let rejection):
                    try await AuditTrail.record("trade.rejected", outcome: .denied, user: userID,
                                                details: ["reason": rejection.code, "symbol": order.symbol.rawValue,
                                                          "side": order.side.rawValue, "source": source],
                                                request: request, on: db)
                    throw rejection.problem
                case .success(let filled):
                    fill = filled
                }
                var next = state
                let entry = try next.apply(fill)
                try await LedgerStore.save(next, over: state, portfolio: portfolio, rows: rows, symbol: fill.symbol, now: now, on: db)
                let row = PortfolioTransaction()
                row.$portfolio.id = portfolioID
                row.$user.id = userID
                row.symbol = fill.symbol.rawValue
                row.side = fill.side.rawValue
                row.quantityUnits = fill.quantity.units
                row.priceUnits = fill.price.units
                row.quoteAmountUnits = fill.quoteAmount.units
                row.feeUnits = fill.fee.units
                row.feeAsset = fill.feeAsset.rawValue
                row.realizedPnLUnits = entry.realizedPnL?.units
                row.venue = "paper"
                row.source = source
                row.idempotencyKey = idempotencyKey
                row.runNumber = portfolio.runNumber
                try await row.create(on: db)
                try await AuditTrail.record("trade.\(fill.side.rawValue)", outcome: .success, user: userID,
                                            resource: ("transaction", try row.requireID().uuidString),
                                            details: ["symbol": fill.symbol.rawValue, "quantity": fill.quantity.description,
                                                      "price": fill.price.description, "fee": fill.fee.description,
                                                      "source": source],
                                            request: request, on: db)
                var marks = await self.marks(for: next)
                marks[fill.symbol] = marks[fill.symbol] ?? fill.price
                try await LedgerStore.snapshot(next, marks: marks, portfolio: portfolio, reason: "trade", at: now, on: db)
                let position = next.position(fill.symbol)
                return Placed(transaction: TransactionResponse(row), cash: next.cash,
                              position: PositionResponse(position, mark: marks[fill.symbol]), replayed: false)
            }
        }
    }

    /// The latest price of every open position (positions without one are left out).
    func marks(for state: PortfolioState) async -> [Symbol: Price] {
        var marks: [Symbol: Price] = [:]
        for position in state.openPositions {
            if let price = await prices.latestPrice(position.symbol) { marks[position.symbol] = price.price }
        }
        return marks
    }

    private static func lockRow(_ portfolioID: UUID, on db: any Database) async throws {
        guard db.isPostgres, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("SELECT id FROM portfolios WHERE id = \(bind: portfolioID) FOR UPDATE").run()
    }

    private static func portfolio(_ id: UUID, on db: any Database) async throws -> Portfolio {
        guard let portfolio = try await Portfolio.find(id, on: db) else {
            throw Problem(.notFound, type: "not-found", title: "No portfolio", detail: "This account has no portfolio.")
        }
        return portfolio
    }

    private static func positionRow(_ portfolioID: UUID, symbol: String, on db: any Database) async throws -> Position? {
        try await Position.query(on: db).filter(\.$portfolio.$id == portfolioID).filter(\.$symbol == symbol).first()
    }
}
