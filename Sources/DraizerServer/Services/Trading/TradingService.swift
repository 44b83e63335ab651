import DraizerCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Places orders on a user's portfolio. The core decides (`PaperExecution`, `PortfolioState.apply`); the
/// portfolio's `ExecutionVenue` executes; this service makes the booking atomic: one database transaction
/// moves cash, the position, the transaction row, the audit row and an equity snapshot. Orders on one
/// portfolio are serialised by an in-process lock around the whole order (SQLite has one writer, one
/// process) and a row lock on PostgreSQL (across instances), and the cash update is conditional on the
/// balance that was read, so nothing can overspend or oversell.
///
/// On paper, checking, executing and booking are one transaction. A remote venue (Binance Spot Testnet) is
/// never called inside a transaction: the order is checked against the ledger first (so nothing the ledger
/// could not book is sent), then executed, then its real fill is booked in a transaction of its own, on the
/// ledger as read again under the row lock.
struct TradingService: Sendable {
    let prices: any PriceBook
    /// The core rules every order passes first, whichever venue executes it.
    let execution: PaperExecution
    let venues: [String: any ExecutionVenue]
    let locks: KeyedLock<UUID>
    let caches: AppCaches
    /// Where a booked trade is announced to the user's open browser streams.
    let stream: StreamHub?

    init(prices: any PriceBook, execution: PaperExecution, venues: [any ExecutionVenue], locks: KeyedLock<UUID>,
         caches: AppCaches, stream: StreamHub? = nil) {
        self.prices = prices
        self.execution = execution
        self.venues = Dictionary(venues.map { ($0.name, $0) }) { first, _ in first }
        self.locks = locks
        self.caches = caches
        self.stream = stream
    }

    struct Placed: Sendable {
        let transaction: TransactionResponse
        let cash: Money
        let position: PositionResponse
        /// True when an earlier request with the same Idempotency-Key is being answered again.
        let replayed: Bool
    }

    /// What one order is, for the steps that check, execute and book it.
    private struct Ticket: Sendable {
        let order: OrderRequest
        let portfolioID: UUID
        let userID: UUID
        let source: String
        let idempotencyKey: String?
        let info: SymbolInfo?
        let price: ReferencePrice?
        let now: Date
    }

    func place(
        _ order: OrderRequest, userID: UUID, source: String, idempotencyKey: String?, on request: Request
    ) async throws -> Placed {
        try await place(order, userID: userID, source: source, idempotencyKey: idempotencyKey, context: request.actionContext)
    }

    /// Places `order` for the user; `source` says who asked (`manual`, `bot`, `stop_loss`, `take_profit`).
    func place(
        _ order: OrderRequest, userID: UUID, source: String, idempotencyKey: String?, context: ActionContext
    ) async throws -> Placed {
        guard let portfolioID = try await Portfolio.query(on: context.db).filter(\.$user.$id == userID).first()?.id else {
            throw Problem.noPortfolio
        }
        let ticket = Ticket(
            order: order, portfolioID: portfolioID, userID: userID, source: source, idempotencyKey: idempotencyKey,
            info: await prices.symbolInfo(order.symbol), price: await prices.latestPrice(order.symbol), now: context.now)
        do {
            let placed = try await placeLocked(ticket, context: context)
            if !placed.replayed { caches.ledgerChanged(userID, version: nil) }
            if !placed.replayed { AppMetrics.order(source: source, outcome: "filled") }
            if !placed.replayed, let stream, let message = StreamMessage.event("trade", [
                "id": placed.transaction.id.uuidString, "symbol": placed.transaction.symbol, "side": placed.transaction.side,
                "quantity": placed.transaction.quantity, "price": placed.transaction.price, "fee": placed.transaction.fee,
                "venue": placed.transaction.venue, "source": placed.transaction.source, "cash": placed.cash.description,
            ]) {
                await stream.publish(toUser: userID, message)
            }
            return placed
        } catch let rejected as Rejected {
            AppMetrics.order(source: source, outcome: rejected.rejection.code)
            try await AuditTrail.record("trade.rejected", outcome: .denied, user: userID,
                                        details: ["reason": rejected.rejection.code, "symbol": order.symbol.rawValue,
                                                  "side": order.side.rawValue, "source": source],
                                        context: context)
            throw rejected.rejection.problem
        }
    }

    private func placeLocked(_ ticket: Ticket, context: ActionContext) async throws -> Placed {
        let (portfolioID, order, userID, idempotencyKey) = (ticket.portfolioID, ticket.order, ticket.userID, ticket.idempotencyKey)
        return try await locks.withLock(portfolioID) {
            // Read under the lock, so an order never runs on a venue switched away from while it waited.
            let venueName = try await Self.portfolio(portfolioID, on: context.db).venue
            guard let venue = venues[venueName] else {
                throw Problem(.serviceUnavailable, type: "venue-unavailable", title: "Venue unavailable",
                              detail: "Orders on \(venueName) cannot be executed by this server.", reason: "venue_unavailable")
            }
            if venue.isRemote { return try await placeRemotely(ticket, on: venue, context: context) }
            return try await context.db.writeTransaction { db in
                try await Self.lockRow(portfolioID, on: db)
                if let earlier = try await Self.replay(ticket, on: db) { return earlier }
                let checked = try await check(ticket, on: db)
                let executed = try await venue.execute(VenueOrder(
                    request: order, checked: checked.fill, info: checked.info, userID: userID,
                    idempotencyKey: idempotencyKey, database: db, secretBox: context.secretBox))
                return try await book(executed, venue: venue.name, ticket: ticket, context: context.on(db))
            }
        }
    }

    /// Check, then execute with no transaction open, then book. Every outcome leaves an audit row.
    private func placeRemotely(_ ticket: Ticket, on venue: any ExecutionVenue, context: ActionContext) async throws -> Placed {
        if let earlier = try await Self.replay(ticket, on: context.db) { return earlier }
        let checked = try await check(ticket, on: context.db)
        var details = ["symbol": ticket.order.symbol.rawValue, "side": ticket.order.side.rawValue,
                       "source": ticket.source, "venue": venue.name]
        let executed: VenueFill
        do {
            executed = try await venue.execute(VenueOrder(
                request: ticket.order, checked: checked.fill, info: checked.info, userID: ticket.userID,
                idempotencyKey: ticket.idempotencyKey, database: context.db, secretBox: context.secretBox))
        } catch let failure as VenueFailure {
            details.merge(failure.details) { _, venue in venue }
            details["reason"] = failure.problem.reason ?? "venue_failure"
            try await AuditTrail.record("trade.failed", outcome: failure.problem.status == .unprocessableEntity || failure.problem.status == .conflict ? .denied : .failure,
                                        user: ticket.userID, details: details, context: context)
            throw failure.problem
        }
        do {
            return try await context.db.writeTransaction { db in
                try await Self.lockRow(ticket.portfolioID, on: db)
                return try await book(executed, venue: venue.name, ticket: ticket, context: context.on(db))
            }
        } catch {
            // Executed on the exchange but not in the ledger: say so loudly, with what is needed to reconcile.
            details.merge(executed.details) { _, venue in venue }
            details["exchange_order_id"] = executed.exchangeOrderID ?? "-"
            details["quantity"] = executed.fill.quantity.description
            details["price"] = executed.fill.price.description
            details["error"] = String(describing: error)
            context.logger.error("order executed on \(venue.name) but not booked", metadata: [
                "exchange_order_id": .string(executed.exchangeOrderID ?? "-"), "error": .string(String(describing: error)),
            ])
            try? await AuditTrail.record("trade.unbooked", outcome: .failure, user: ticket.userID, details: details, context: context)
            throw Problem(.badGateway, type: "execution-not-booked", title: "Order executed but not booked",
                          detail: "The order executed on \(venue.name) (order id \(executed.exchangeOrderID ?? "unknown")) "
                              + "but could not be booked in the portfolio; it is recorded in the audit log for reconciliation.",
                          reason: "not_booked")
        }
    }

    /// An earlier order with the same Idempotency-Key, answered again.
    private static func replay(_ ticket: Ticket, on db: any Database) async throws -> Placed? {
        guard let key = ticket.idempotencyKey, let earlier = try await PortfolioTransaction.query(on: db)
            .filter(\.$portfolio.$id == ticket.portfolioID).filter(\.$idempotencyKey == key).first() else { return nil }
        let portfolio = try await Self.portfolio(ticket.portfolioID, on: db)
        let position = try await Self.positionRow(ticket.portfolioID, symbol: earlier.symbol, on: db)
        return Placed(transaction: TransactionResponse(earlier), cash: portfolio.balance,
                      position: PositionResponse(row: position, symbol: earlier.symbol, mark: nil), replayed: true)
    }

    /// Thrown by `check`, and audited by `place` once any transaction it happened in has rolled back.
    private struct Rejected: Error {
        let rejection: OrderRejection
    }

    /// The core rules against the ledger as it is now.
    private func check(_ ticket: Ticket, on db: any Database) async throws -> (fill: Fill, info: SymbolInfo) {
        let portfolio = try await Self.portfolio(ticket.portfolioID, on: db)
        let rows = try await Position.query(on: db).filter(\.$portfolio.$id == ticket.portfolioID).all()
        let state = try LedgerStore.state(of: portfolio, positions: rows)
        let now = Int64(ticket.now.timeIntervalSince1970 * 1000)
        switch execution.execute(ticket.order, info: ticket.info, price: ticket.price, now: now, portfolio: state) {
        case .failure(let rejection):
            throw Rejected(rejection: rejection)
        case .success(let fill):
            // A fill means the rules found the symbol.
            guard let info = ticket.info else { throw Problem(.internalServerError, type: "internal") }
            return (fill, info)
        }
    }

    /// Books `executed` on the ledger as read now (inside the caller's transaction).
    private func book(
        _ executed: VenueFill, venue: String, ticket: Ticket, context: ActionContext
    ) async throws -> Placed {
        let db = context.db
        let portfolio = try await Self.portfolio(ticket.portfolioID, on: db)
        let rows = try await Position.query(on: db).filter(\.$portfolio.$id == ticket.portfolioID).all()
        let state = try LedgerStore.state(of: portfolio, positions: rows)
        let fill = executed.fill
        var next = state
        let entry = try next.apply(fill)
        try await LedgerStore.save(next, over: state, portfolio: portfolio, rows: rows, symbol: fill.symbol, now: ticket.now, on: db)
        let row = PortfolioTransaction()
        row.$portfolio.id = ticket.portfolioID
        row.$user.id = ticket.userID
        row.symbol = fill.symbol.rawValue
        row.side = fill.side.rawValue
        row.quantityUnits = fill.quantity.units
        row.priceUnits = fill.price.units
        row.quoteAmountUnits = fill.quoteAmount.units
        row.feeUnits = fill.fee.units
        row.feeAsset = fill.feeAsset.rawValue
        row.realizedPnLUnits = entry.realizedPnL?.units
        row.venue = venue
        row.exchangeOrderID = executed.exchangeOrderID
        row.source = ticket.source
        row.idempotencyKey = ticket.idempotencyKey
        row.runNumber = portfolio.runNumber
        try await row.create(on: db)
        var details = ["symbol": fill.symbol.rawValue, "quantity": fill.quantity.description,
                       "price": fill.price.description, "fee": fill.fee.description, "source": ticket.source, "venue": venue]
        if let id = executed.exchangeOrderID { details["exchange_order_id"] = id }
        details.merge(executed.details) { ours, _ in ours }
        try await AuditTrail.record("trade.\(fill.side.rawValue)", outcome: .success, user: ticket.userID,
                                    resource: ("transaction", try row.requireID().uuidString),
                                    details: details, context: context)
        var marks = await self.marks(for: next)
        marks[fill.symbol] = marks[fill.symbol] ?? fill.price
        try await LedgerStore.snapshot(next, marks: marks, portfolio: portfolio, reason: "trade", at: ticket.now, on: db)
        let position = next.position(fill.symbol)
        return Placed(transaction: TransactionResponse(row), cash: next.cash,
                      position: PositionResponse(position, mark: marks[fill.symbol]), replayed: false)
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
            throw Problem.noPortfolio
        }
        return portfolio
    }

    private static func positionRow(_ portfolioID: UUID, symbol: String, on db: any Database) async throws -> Position? {
        try await Position.query(on: db).filter(\.$portfolio.$id == portfolioID).filter(\.$symbol == symbol).first()
    }
}
