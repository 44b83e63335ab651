import DraizerCore
import Foundation
import PostgresNIO

/// `LedgerWriter`'s booking on PostgreSQL: one prepared statement, so the server parses and plans it once
/// per connection instead of on every order. Every row is written only if the portfolio update applied,
/// that is, only on the ledger version the order was checked against.
struct PostgresBooking: PostgresPreparedStatement {
    static let sql = """
        WITH p AS (
          UPDATE portfolios SET balance_usd = $1, fees_paid = $2, realized_pnl = $3, trade_count = $4,
            winning_sells = $5, losing_sells = $6, updated_at = $7, version = version + 1
          WHERE id = $8 AND version = $9
          RETURNING version
        ), pos AS (
          INSERT INTO positions (id, portfolio_id, symbol, quantity, average_entry_price, cost_basis, realized_pnl,
            opened_at, closed_at, created_at, updated_at)
          SELECT $10, $8, $11, $12, $13, $14, $15, CASE WHEN $16 THEN $7 END, NULL, $7, $7 FROM p
          ON CONFLICT (portfolio_id, symbol) DO UPDATE SET quantity = excluded.quantity,
            average_entry_price = excluded.average_entry_price, cost_basis = excluded.cost_basis,
            realized_pnl = excluded.realized_pnl,
            opened_at = CASE WHEN $16 THEN excluded.updated_at ELSE positions.opened_at END,
            closed_at = CASE WHEN $16 THEN NULL WHEN $17 THEN excluded.updated_at ELSE positions.closed_at END,
            updated_at = excluded.updated_at
        ), t AS (
          INSERT INTO transactions (id, portfolio_id, user_id, symbol, side, quantity, price, quote_amount, fee,
            fee_asset, realized_pnl, venue, source, exchange_order_id, idempotency_key, run_number, created_at)
          SELECT $18, $8, $19, $11, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32 FROM p
        ), a AS (
          INSERT INTO audit_logs (id, user_id, action, resource_type, resource_id, outcome, ip_address, user_agent,
            request_id, details, created_at)
          SELECT $33, $19, $34, 'transaction', $35, 'success', $36, $37, $38, $39, $32 FROM p
        ), s AS (
          INSERT INTO equity_snapshots (id, portfolio_id, run_number, equity, cash, reason, taken_at)
          SELECT $40, $8, $31, $41, $1, 'trade', $7 FROM p WHERE $41 IS NOT NULL
        )
        SELECT version FROM p
        """

    static let bindingDataTypes: [PostgresDataType] = [
        .int8, .int8, .int8, .int8, .int8, .int8, .timestamptz, .uuid, .int8, // portfolio
        .uuid, .text, .int8, .int8, .int8, .int8, .bool, .bool, // position
        .uuid, .uuid, .text, .int8, .int8, .int8, .int8, .text, .int8, .text, .text, .text, .text, .int8, .timestamptz, // transaction
        .uuid, .text, .text, .text, .text, .text, .text, // audit row
        .uuid, .int8, // equity snapshot
    ]

    typealias Row = Int64

    let booking: LedgerWriter.Booking
    let transactionID: UUID
    let context: ActionContext

    func makeBindings() throws -> PostgresBindings {
        let b = booking, next = b.next, fill = b.fill, ledger = b.ledger
        let position = next.position(fill.symbol)
        let wasOpen = ledger.state.position(fill.symbol).isOpen
        var bindings = PostgresBindings(capacity: 41)
        bindings.append(next.cash.units)
        bindings.append(next.feesPaid.units)
        bindings.append(next.realizedPnL.units)
        bindings.append(Int64(next.tradeCount))
        bindings.append(Int64(next.winningSells))
        bindings.append(Int64(next.losingSells))
        bindings.append(b.now)
        bindings.append(ledger.portfolioID)
        bindings.append(ledger.version)
        bindings.append(UUID())
        bindings.append(fill.symbol.rawValue)
        bindings.append(position.quantity.units)
        bindings.append(position.averageEntryPrice.units)
        bindings.append(position.costBasis.units)
        bindings.append(position.realizedPnL.units)
        bindings.append(position.isOpen && !wasOpen)
        bindings.append(!position.isOpen && wasOpen)
        bindings.append(transactionID)
        bindings.append(ledger.userID)
        bindings.append(fill.side.rawValue)
        bindings.append(fill.quantity.units)
        bindings.append(fill.price.units)
        bindings.append(fill.quoteAmount.units)
        bindings.append(fill.fee.units)
        bindings.append(fill.feeAsset.rawValue)
        bindings.append(b.realizedPnL?.units)
        bindings.append(b.venue)
        bindings.append(b.source)
        bindings.append(b.exchangeOrderID)
        bindings.append(b.idempotencyKey)
        bindings.append(Int64(ledger.runNumber))
        bindings.append(b.createdAt)
        bindings.append(UUID())
        bindings.append("trade.\(fill.side.rawValue)")
        bindings.append(transactionID.uuidString)
        bindings.append(context.clientIP)
        bindings.append(context.userAgent)
        bindings.append(context.requestID)
        bindings.append(b.auditDetails.isEmpty ? nil : JSONText.object(b.auditDetails))
        bindings.append(UUID())
        bindings.append(b.equity?.units)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 {
        try row.decode(Int64.self)
    }
}
