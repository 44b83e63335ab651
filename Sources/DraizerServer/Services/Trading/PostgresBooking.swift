import DraizerCore
import Foundation
import Logging
import PostgresNIO

/// `LedgerWriter`'s bookings on PostgreSQL: one prepared statement (parsed and planned once per
/// connection) that books a batch of orders on distinct portfolios, each only if its portfolio is still at
/// the version the order was checked against. It answers the new version of each portfolio it booked.
/// Arrays cannot hold NULL here, so optional values travel with a flag or as an empty string. The
/// statement announces the ledgers it changed to every instance's cache in one notification (delivered at
/// commit), and tells the per-row trigger which rows it announced (migration 007).
struct PostgresBooking: PostgresPreparedStatement {
    static let sql = """
        WITH b AS (
          SELECT * FROM unnest($1::uuid[], $2::int8[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::int8[],
            $8::int8[], $9::timestamptz[], $10::uuid[], $11::text[], $12::int8[], $13::int8[], $14::int8[], $15::int8[],
            $16::bool[], $17::bool[], $18::uuid[], $19::uuid[], $20::text[], $21::int8[], $22::int8[], $23::int8[],
            $24::int8[], $25::text[], $26::int8[], $27::bool[], $28::text[], $29::text[], $30::text[], $31::text[],
            $32::int8[], $33::timestamptz[], $34::uuid[], $35::text[], $36::text[], $37::text[], $38::text[],
            $39::text[], $40::text[], $41::uuid[], $42::int8[], $43::bool[])
          AS b(portfolio_id, version, cash, fees, pnl, trades, wins, losses, now, position_id, symbol, quantity,
            average_price, cost_basis, position_pnl, opens, closes, transaction_id, user_id, side, fill_quantity,
            price, quote_amount, fee, fee_asset, realized_pnl, has_realized_pnl, venue, source, exchange_order_id,
            idempotency_key, run_number, created_at, audit_id, action, resource_id, ip_address, user_agent,
            request_id, details, snapshot_id, equity, has_equity)
        ), p AS (
          UPDATE portfolios SET balance_usd = b.cash, fees_paid = b.fees, realized_pnl = b.pnl, trade_count = b.trades,
            winning_sells = b.wins, losing_sells = b.losses, updated_at = b.now, version = portfolios.version + 1
          FROM b WHERE portfolios.id = b.portfolio_id AND portfolios.version = b.version
          RETURNING portfolios.id, portfolios.user_id, portfolios.version
        ), announced AS (
          SELECT pg_notify('draizer_cache', current_schema() || ' ledgers ' || list),
            set_config('draizer.ledger_announced', list, true)
          FROM (SELECT string_agg(p.user_id::text || ':' || p.version::text, ' ') AS list FROM p HAVING count(*) > 0) booked
        ), ok AS (
          SELECT b.*, p.version AS new_version FROM b JOIN p ON p.id = b.portfolio_id
        ), pos AS (
          INSERT INTO positions (id, portfolio_id, symbol, quantity, average_entry_price, cost_basis, realized_pnl,
            opened_at, closed_at, created_at, updated_at)
          SELECT position_id, portfolio_id, symbol, quantity, average_price, cost_basis, position_pnl,
            CASE WHEN opens THEN now END, CASE WHEN closes THEN now END, now, now FROM ok
          ON CONFLICT (portfolio_id, symbol) DO UPDATE SET quantity = excluded.quantity,
            average_entry_price = excluded.average_entry_price, cost_basis = excluded.cost_basis,
            realized_pnl = excluded.realized_pnl,
            opened_at = COALESCE(excluded.opened_at, positions.opened_at),
            closed_at = CASE WHEN excluded.opened_at IS NOT NULL THEN NULL
                             ELSE COALESCE(excluded.closed_at, positions.closed_at) END,
            updated_at = excluded.updated_at
        ), t AS (
          INSERT INTO transactions (id, portfolio_id, user_id, symbol, side, quantity, price, quote_amount, fee,
            fee_asset, realized_pnl, venue, source, exchange_order_id, idempotency_key, run_number, created_at)
          SELECT transaction_id, portfolio_id, user_id, symbol, side, fill_quantity, price, quote_amount, fee, fee_asset,
            CASE WHEN has_realized_pnl THEN realized_pnl END, venue, source, NULLIF(exchange_order_id, ''),
            NULLIF(idempotency_key, ''), run_number, created_at FROM ok
        ), a AS (
          INSERT INTO audit_logs (id, user_id, action, resource_type, resource_id, outcome, ip_address, user_agent,
            request_id, details, created_at)
          SELECT audit_id, user_id, action, 'transaction', resource_id, 'success', NULLIF(ip_address, ''),
            NULLIF(user_agent, ''), NULLIF(request_id, ''), NULLIF(details, ''), created_at FROM ok
        ), s AS (
          INSERT INTO equity_snapshots (id, portfolio_id, run_number, equity, cash, reason, taken_at)
          SELECT snapshot_id, portfolio_id, run_number, equity, cash, 'trade', now FROM ok WHERE has_equity
        )
        SELECT ok.portfolio_id, ok.new_version FROM ok LEFT JOIN announced ON true
        """

    typealias Row = (UUID, Int64)

    let entries: [BookingQueue.Entry]

    func makeBindings() throws -> PostgresBindings {
        var columns = Columns(capacity: entries.count)
        for entry in entries { columns.add(entry) }
        return columns.bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> (UUID, Int64) {
        try row.decode((UUID, Int64).self)
    }

    /// Runs the statement: the new version of each portfolio booked.
    func versions(on database: any PostgresDatabase) async throws -> [UUID: Int64] {
        let logger = entries.first?.context.logger ?? Logger(label: "draizer.booking")
        return try await database.withConnection { connection in
            let promise = connection.eventLoop.makePromise(of: [UUID: Int64].self)
            promise.completeWithTask {
                var versions: [UUID: Int64] = [:]
                for try await (portfolio, version) in try await connection.execute(self, logger: logger) {
                    versions[portfolio] = version
                }
                return versions
            }
            return promise.futureResult
        }.get()
    }

    /// The statement's 43 arrays, filled one order at a time.
    private struct Columns {
        var portfolioID: [UUID] = [], version: [Int64] = [], cash: [Int64] = [], fees: [Int64] = [], pnl: [Int64] = []
        var trades: [Int64] = [], wins: [Int64] = [], losses: [Int64] = [], now: [Date] = []
        var positionID: [UUID] = [], symbol: [String] = [], quantity: [Int64] = [], averagePrice: [Int64] = []
        var costBasis: [Int64] = [], positionPnL: [Int64] = [], opens: [Bool] = [], closes: [Bool] = []
        var transactionID: [UUID] = [], userID: [UUID] = [], side: [String] = [], fillQuantity: [Int64] = []
        var price: [Int64] = [], quoteAmount: [Int64] = [], fee: [Int64] = [], feeAsset: [String] = []
        var realizedPnL: [Int64] = [], hasRealizedPnL: [Bool] = [], venue: [String] = [], source: [String] = []
        var exchangeOrderID: [String] = [], idempotencyKey: [String] = [], runNumber: [Int64] = [], createdAt: [Date] = []
        var auditID: [UUID] = [], action: [String] = [], resourceID: [String] = [], ipAddress: [String] = []
        var userAgent: [String] = [], requestID: [String] = [], details: [String] = []
        var snapshotID: [UUID] = [], equity: [Int64] = [], hasEquity: [Bool] = []

        init(capacity: Int) { portfolioID.reserveCapacity(capacity) }

        mutating func add(_ entry: BookingQueue.Entry) {
            let b = entry.booking, next = b.next, fill = b.fill, ledger = b.ledger
            let position = next.position(fill.symbol)
            let wasOpen = ledger.state.position(fill.symbol).isOpen
            portfolioID.append(ledger.portfolioID); version.append(ledger.version); cash.append(next.cash.units)
            fees.append(next.feesPaid.units); pnl.append(next.realizedPnL.units); trades.append(Int64(next.tradeCount))
            wins.append(Int64(next.winningSells)); losses.append(Int64(next.losingSells)); now.append(b.now)
            positionID.append(UUID.random()); symbol.append(fill.symbol.rawValue); quantity.append(position.quantity.units)
            averagePrice.append(position.averageEntryPrice.units); costBasis.append(position.costBasis.units)
            positionPnL.append(position.realizedPnL.units); opens.append(position.isOpen && !wasOpen)
            closes.append(!position.isOpen && wasOpen)
            transactionID.append(entry.transactionID); userID.append(ledger.userID); side.append(fill.side.rawValue)
            fillQuantity.append(fill.quantity.units); price.append(fill.price.units); quoteAmount.append(fill.quoteAmount.units)
            fee.append(fill.fee.units); feeAsset.append(fill.feeAsset.rawValue)
            realizedPnL.append(b.realizedPnL?.units ?? 0); hasRealizedPnL.append(b.realizedPnL != nil)
            venue.append(b.venue); source.append(b.source); exchangeOrderID.append(b.exchangeOrderID ?? "")
            idempotencyKey.append(b.idempotencyKey ?? ""); runNumber.append(Int64(ledger.runNumber)); createdAt.append(b.createdAt)
            auditID.append(UUID.random()); action.append("trade.\(fill.side.rawValue)"); resourceID.append(entry.transactionID.uuidString)
            ipAddress.append(entry.context.clientIP ?? ""); userAgent.append(entry.context.userAgent ?? "")
            requestID.append(entry.context.requestID ?? "")
            details.append(b.auditDetails.isEmpty ? "" : JSONObject(b.auditDetails).text)
            snapshotID.append(UUID.random()); equity.append(b.equity?.units ?? 0); hasEquity.append(b.equity != nil)
        }

        var bindings: PostgresBindings {
            var bindings = PostgresBindings(capacity: 43)
            bindings.append(portfolioID); bindings.append(version); bindings.append(cash); bindings.append(fees)
            bindings.append(pnl); bindings.append(trades); bindings.append(wins); bindings.append(losses)
            bindings.append(now); bindings.append(positionID); bindings.append(symbol); bindings.append(quantity)
            bindings.append(averagePrice); bindings.append(costBasis); bindings.append(positionPnL); bindings.append(opens)
            bindings.append(closes); bindings.append(transactionID); bindings.append(userID); bindings.append(side)
            bindings.append(fillQuantity); bindings.append(price); bindings.append(quoteAmount); bindings.append(fee)
            bindings.append(feeAsset); bindings.append(realizedPnL); bindings.append(hasRealizedPnL); bindings.append(venue)
            bindings.append(source); bindings.append(exchangeOrderID); bindings.append(idempotencyKey)
            bindings.append(runNumber); bindings.append(createdAt); bindings.append(auditID); bindings.append(action)
            bindings.append(resourceID); bindings.append(ipAddress); bindings.append(userAgent); bindings.append(requestID)
            bindings.append(details); bindings.append(snapshotID); bindings.append(equity); bindings.append(hasEquity)
            return bindings
        }
    }
}
