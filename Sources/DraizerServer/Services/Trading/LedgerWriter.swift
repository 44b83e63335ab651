import DraizerCore
import Fluent
import Foundation
import SQLKit

/// Books a fill on the ledger version it was checked against: the portfolio's cash and counters, the
/// position, the transaction row, its audit row and an equity snapshot, all or nothing. Nothing is read:
/// the caller brings the ledger (usually from the cache) and the state after the fill, and the portfolio
/// update applies only if the version is still the one checked, so a stale ledger books nothing and
/// the caller reads it again. On PostgreSQL this is one prepared statement (`PostgresBooking`: one round
/// trip, atomic by itself); on SQLite the same rows in one transaction; orders arriving together share one
/// (`BookingQueue`).
enum LedgerWriter {
    struct Booking: Sendable {
        let ledger: LedgerSnapshot
        let next: PortfolioState
        let fill: Fill
        let realizedPnL: Money?
        let venue: String
        let exchangeOrderID: String?
        let source: String
        let idempotencyKey: String?
        let auditDetails: [String: String]
        /// Equity at the fill's prices, for the snapshot (nil when a held symbol has no price).
        let equity: Money?
        let now: Date
        /// The transaction's and audit row's `created_at` (wall time, as Fluent's timestamps).
        let createdAt: Date
    }

    /// The new version, or nil if the ledger moved on since `booking.ledger.version`.
    static func book(
        _ booking: Booking, transactionID: UUID, context: ActionContext, queue: BookingQueue
    ) async throws -> Int64? {
        try await queue.book(BookingQueue.Entry(booking: booking, transactionID: transactionID, context: context))
    }

    /// One booking's statements inside a SQLite transaction (`BookingQueue`'s batch): the portfolio first,
    /// and the rest only if its version was still the one checked.
    static func bookOnSQLite(_ entry: BookingQueue.Entry, on db: any Database) async throws -> Int64? {
        let statements = Statements(entry.booking, transactionID: entry.transactionID, context: entry.context)
        guard let sql = db as? any SQLDatabase, let row = try await sql.raw(statements.portfolio).first() else { return nil }
        try await sql.raw(statements.position).run()
        try await sql.raw(statements.transaction).run()
        try await sql.raw(statements.audit).run()
        if let snapshot = statements.snapshot { try await sql.raw(snapshot).run() }
        return try row.decode(column: "version", as: Int64.self)
    }

    /// The statements of one booking on SQLite (which has no data-modifying CTEs): the portfolio update
    /// first, the rows only if it applied.
    private struct Statements {
        let portfolio: SQLQueryString
        private let positionValues: [any Encodable & Sendable]
        private let opens: Bool
        private let closes: Bool
        private let now: Date
        private let transactionValues: SQLQueryString
        private let auditValues: SQLQueryString
        private let snapshotValues: SQLQueryString?

        init(_ booking: Booking, transactionID: UUID, context: ActionContext) {
            let next = booking.next, fill = booking.fill, ledger = booking.ledger
            func typed(_ value: (any Encodable & Sendable)?) -> SQLQueryString {
                guard let value else { return "NULL" }
                return "\(bind: value)"
            }
            portfolio = """
                UPDATE portfolios SET balance_usd = \(bind: next.cash.units), fees_paid = \(bind: next.feesPaid.units),
                  realized_pnl = \(bind: next.realizedPnL.units), trade_count = \(bind: next.tradeCount),
                  winning_sells = \(bind: next.winningSells), losing_sells = \(bind: next.losingSells),
                  updated_at = \(bind: booking.now), version = version + 1
                WHERE id = \(bind: ledger.portfolioID) AND version = \(bind: ledger.version)
                RETURNING version
                """
            let position = next.position(fill.symbol)
            let wasOpen = ledger.state.position(fill.symbol).isOpen
            opens = position.isOpen && !wasOpen
            closes = !position.isOpen && wasOpen
            now = booking.now
            positionValues = [UUID.random(), ledger.portfolioID, fill.symbol.rawValue, position.quantity.units,
                              position.averageEntryPrice.units, position.costBasis.units, position.realizedPnL.units]
            let created = booking.createdAt
            transactionValues = """
                \(bind: transactionID), \(bind: ledger.portfolioID), \(bind: ledger.userID), \(bind: fill.symbol.rawValue),
                \(bind: fill.side.rawValue), \(bind: fill.quantity.units), \(bind: fill.price.units), \(bind: fill.quoteAmount.units),
                \(bind: fill.fee.units), \(bind: fill.feeAsset.rawValue), \(typed(booking.realizedPnL?.units)),
                \(bind: booking.venue), \(bind: booking.source), \(typed(booking.exchangeOrderID)),
                \(typed(booking.idempotencyKey)), \(bind: ledger.runNumber), \(bind: created)
                """
            auditValues = """
                \(bind: UUID.random()), \(bind: ledger.userID), \(bind: "trade.\(fill.side.rawValue)"), \(bind: "transaction"),
                \(bind: transactionID.uuidString), \(bind: AuditTrail.Outcome.success.rawValue), \(typed(context.clientIP)),
                \(typed(context.userAgent)), \(typed(context.requestID)),
                \(typed(booking.auditDetails.isEmpty ? nil : JSONObject(booking.auditDetails).text)), \(bind: created)
                """
            snapshotValues = booking.equity.map { equity in
                """
                \(bind: UUID.random()), \(bind: ledger.portfolioID), \(bind: ledger.runNumber), \(bind: equity.units),
                \(bind: next.cash.units), \(bind: "trade"), \(bind: booking.now)
                """
            }
        }


        var position: SQLQueryString {
            let openedAt: SQLQueryString = opens ? "\(bind: now)" : "NULL"
            let closedAt: SQLQueryString = closes ? "\(bind: now)" : "NULL"
            let values: SQLQueryString = "\(binds: positionValues), \(openedAt), \(closedAt), \(bind: now), \(bind: now)"
            // Reopened: a new opening time and no closing time; closed: the closing time; otherwise as it was.
            let keepOpened: SQLQueryString = opens ? "excluded.opened_at" : "positions.opened_at"
            let keepClosed: SQLQueryString = opens ? "NULL" : (closes ? "excluded.closed_at" : "positions.closed_at")
            return """
                INSERT INTO positions (id, portfolio_id, symbol, quantity, average_entry_price, cost_basis, realized_pnl,
                  opened_at, closed_at, created_at, updated_at)
                VALUES (\(values))
                ON CONFLICT (portfolio_id, symbol) DO UPDATE SET quantity = excluded.quantity,
                  average_entry_price = excluded.average_entry_price, cost_basis = excluded.cost_basis,
                  realized_pnl = excluded.realized_pnl, opened_at = \(keepOpened), closed_at = \(keepClosed),
                  updated_at = excluded.updated_at
                """
        }

        var transaction: SQLQueryString {
            """
            INSERT INTO transactions (id, portfolio_id, user_id, symbol, side, quantity, price, quote_amount, fee, fee_asset,
              realized_pnl, venue, source, exchange_order_id, idempotency_key, run_number, created_at)
            VALUES (\(transactionValues))
            """
        }

        var audit: SQLQueryString {
            """
            INSERT INTO audit_logs (id, user_id, action, resource_type, resource_id, outcome, ip_address, user_agent,
              request_id, details, created_at)
            VALUES (\(auditValues))
            """
        }

        var snapshot: SQLQueryString? {
            snapshotValues.map { values in
                """
                INSERT INTO equity_snapshots (id, portfolio_id, run_number, equity, cash, reason, taken_at)
                VALUES (\(values))
                """
            }
        }
    }
}
