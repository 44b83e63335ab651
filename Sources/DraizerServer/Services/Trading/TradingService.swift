import DraizerCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Places orders on a user's portfolio. The core decides (`PaperExecution`, `PortfolioState.apply`) on the
/// ledger as cached (`LedgerSnapshot`); the portfolio's `ExecutionVenue` executes; `LedgerWriter` books cash,
/// position, transaction, audit row and equity snapshot atomically, and only on the ledger version that was
/// checked: whatever changed the portfolio meanwhile (an order on another instance, a reset), the booking
/// does not apply and the order is checked again on the ledger as it is now. So nothing can overspend or
/// oversell, without a lock held in the database. Orders on one portfolio also queue on an in-process lock,
/// so an instance does not race itself.
///
/// A remote venue (Binance Spot Testnet) is never called with anything held: the order is checked first
/// (nothing the ledger could not book is sent), executed, then its real fill is booked on the ledger as it
/// is then.
struct TradingService: Sendable {
    let prices: any PriceBook
    /// The core rules every order passes first, whichever venue executes it.
    let execution: PaperExecution
    let venues: [String: any ExecutionVenue]
    let locks: KeyedLock<UUID>
    let caches: AppCaches
    /// Group commit of paper bookings.
    let bookings: BookingQueue
    /// Where a booked trade is announced to the user's open browser streams.
    let stream: StreamHub?

    init(prices: any PriceBook, execution: PaperExecution, venues: [any ExecutionVenue], locks: KeyedLock<UUID>,
         caches: AppCaches, bookings: BookingQueue, stream: StreamHub? = nil) {
        self.prices = prices
        self.bookings = bookings
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
        let ledger = try await LedgerSnapshot.current(of: userID, caches: caches, on: context.db)
        let ticket = Ticket(
            order: order, portfolioID: ledger.portfolioID, userID: userID, source: source, idempotencyKey: idempotencyKey,
            info: await prices.symbolInfo(order.symbol), price: await prices.latestPrice(order.symbol), now: context.now)
        do {
            let placed = try await locks.withLock(ledger.portfolioID) { try await placeLocked(ticket, context: context) }
            if !placed.replayed { AppMetrics.order(source: source, outcome: "filled") }
            if !placed.replayed, let stream, stream.isWatching(userID), let message = StreamMessage.event("trade", [
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

    /// Checks against the ledger (cached, usually), executes and books on the version checked; if the
    /// ledger moved on meanwhile (another instance, a reset), it is read again and the order checked again.
    private func placeLocked(_ ticket: Ticket, context: ActionContext) async throws -> Placed {
        for _ in 0..<Self.attempts {
            let ledger = try await LedgerSnapshot.current(of: ticket.userID, caches: caches, on: context.db)
            guard let venue = venues[ledger.venue] else {
                throw Problem(.serviceUnavailable, type: "venue-unavailable", title: "Venue unavailable",
                              detail: "Orders on \(ledger.venue) cannot be executed by this server.", reason: "venue_unavailable")
            }
            if venue.isRemote { return try await placeRemotely(ticket, on: venue, ledger: ledger, context: context) }
            let checked: (fill: Fill, info: SymbolInfo)
            do {
                checked = try check(ticket, against: ledger.state)
            } catch let rejected as Rejected {
                // A retry of an order that went through may no longer pass the rules: answer it as before.
                if let earlier = try await Self.replay(ticket, on: context.db) { return earlier }
                throw rejected
            }
            let executed = try await venue.execute(VenueOrder(
                request: ticket.order, checked: checked.fill, info: checked.info, userID: ticket.userID,
                idempotencyKey: ticket.idempotencyKey, context: context))
            if let placed = try await book(executed, venue: venue.name, on: ledger, ticket: ticket, context: context) {
                return placed
            }
        }
        throw Self.busy
    }

    /// Check, then execute outside any transaction, then book. Every outcome leaves an audit row.
    private func placeRemotely(
        _ ticket: Ticket, on venue: any ExecutionVenue, ledger: LedgerSnapshot, context: ActionContext
    ) async throws -> Placed {
        if let earlier = try await Self.replay(ticket, on: context.db) { return earlier }
        let checked = try check(ticket, against: ledger.state)
        var details = ["symbol": ticket.order.symbol.rawValue, "side": ticket.order.side.rawValue,
                       "source": ticket.source, "venue": venue.name]
        let executed: VenueFill
        do {
            executed = try await venue.execute(VenueOrder(
                request: ticket.order, checked: checked.fill, info: checked.info, userID: ticket.userID,
                idempotencyKey: ticket.idempotencyKey, context: context))
        } catch let failure as VenueFailure {
            details.merge(failure.details) { _, venue in venue }
            details["reason"] = failure.problem.reason ?? "venue_failure"
            try await AuditTrail.record("trade.failed", outcome: failure.problem.status == .unprocessableEntity || failure.problem.status == .conflict ? .denied : .failure,
                                        user: ticket.userID, details: details, context: context)
            throw failure.problem
        }
        do {
            // The exchange executed: book its fill on the ledger as it is now, however often that takes.
            var current = ledger
            for _ in 0..<Self.attempts {
                if let placed = try await book(executed, venue: venue.name, on: current, ticket: ticket, context: context) {
                    return placed
                }
                current = try await LedgerSnapshot.current(of: ticket.userID, caches: caches, on: context.db)
            }
            throw Self.busy
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

    /// Tries per order before answering 409: each failure means another writer changed the ledger first.
    private static let attempts = 5
    private static let busy = Problem(.conflict, type: "conflict", detail: "The portfolio kept changing while the order was booked; retry it.")

    /// An earlier order with the same Idempotency-Key, answered again.
    private static func replay(_ ticket: Ticket, on db: any Database) async throws -> Placed? {
        guard let key = ticket.idempotencyKey, let earlier = try await PortfolioTransaction.query(on: db)
            .filter(\.$portfolio.$id == ticket.portfolioID).filter(\.$idempotencyKey == key).first() else { return nil }
        guard let portfolio = try await Portfolio.find(ticket.portfolioID, on: db) else { throw Problem.noPortfolio }
        let position = try await Position.query(on: db).filter(\.$portfolio.$id == ticket.portfolioID)
            .filter(\.$symbol == earlier.symbol).first()
        return Placed(transaction: TransactionResponse(earlier), cash: portfolio.balance,
                      position: PositionResponse(row: position, symbol: earlier.symbol, mark: nil), replayed: true)
    }

    /// Thrown by `check`, and audited by `place`.
    private struct Rejected: Error {
        let rejection: OrderRejection
    }

    /// The core rules against `state`.
    private func check(_ ticket: Ticket, against state: PortfolioState) throws -> (fill: Fill, info: SymbolInfo) {
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

    /// Books `executed` on `ledger`; nil if the ledger is no longer at that version. A retried order whose
    /// Idempotency-Key is already booked is answered with the earlier result.
    private func book(
        _ executed: VenueFill, venue: String, on ledger: LedgerSnapshot, ticket: Ticket, context: ActionContext
    ) async throws -> Placed? {
        let fill = executed.fill
        var next = ledger.state
        let entry: LedgerEntry
        do {
            entry = try next.apply(fill)
        } catch {
            throw Problem(.conflict, type: "conflict", detail: "The portfolio cannot book this fill as it stands now.")
        }
        var marks = await self.marks(for: next)
        marks[fill.symbol] = marks[fill.symbol] ?? fill.price
        var details = ["symbol": fill.symbol.rawValue, "quantity": fill.quantity.description,
                       "price": fill.price.description, "fee": fill.fee.description, "source": ticket.source, "venue": venue]
        if let id = executed.exchangeOrderID { details["exchange_order_id"] = id }
        details.merge(executed.details) { ours, _ in ours }
        let transactionID = UUID.random()
        let booking = LedgerWriter.Booking(
            ledger: ledger, next: next, fill: fill, realizedPnL: entry.realizedPnL, venue: venue,
            exchangeOrderID: executed.exchangeOrderID, source: ticket.source, idempotencyKey: ticket.idempotencyKey,
            auditDetails: details, equity: next.equity(marks: marks), now: ticket.now, createdAt: Date())
        let booked = LedgerSnapshot(ledger, state: next, version: ledger.version + 1)
        let cacheTicket = caches.ledgers.ticket()
        let version: Int64?
        do {
            version = try await caches.writingLedger(of: ticket.userID, version: booked.version) {
                let version = try await LedgerWriter.book(booking, transactionID: transactionID, context: context, queue: bookings)
                if version == booked.version { caches.ledgers.store(booked, for: ticket.userID, user: ticket.userID, ticket: cacheTicket) }
                return version
            }
        } catch {
            // Whether it was booked is unknown: this instance's copy may be behind.
            caches.ledgerChanged(ticket.userID, version: nil)
            // The same Idempotency-Key booked meanwhile (the unique index decided): answer that order.
            guard ticket.idempotencyKey != nil, (error as? any DatabaseError)?.isConstraintFailure == true,
                  let earlier = try await Self.replay(ticket, on: context.db)
            else { throw error }
            return earlier
        }
        guard version == booked.version else {
            // The ledger had moved on: read it again next time.
            caches.ledgerChanged(ticket.userID, version: booked.version)
            return nil
        }
        return Placed(
            transaction: TransactionResponse(id: transactionID, fill: fill, realizedPnL: entry.realizedPnL, venue: venue,
                                             source: ticket.source, runNumber: ledger.runNumber, createdAt: booking.createdAt),
            cash: next.cash, position: PositionResponse(next.position(fill.symbol), mark: marks[fill.symbol]), replayed: false)
    }

    /// The latest price of every open position (positions without one are left out).
    func marks(for state: PortfolioState) async -> [Symbol: Price] {
        var marks: [Symbol: Price] = [:]
        for position in state.openPositions {
            if let price = await prices.latestPrice(position.symbol) { marks[position.symbol] = price.price }
        }
        return marks
    }
}
