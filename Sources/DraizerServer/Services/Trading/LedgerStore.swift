import DraizerCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Moves the core's `PortfolioState` in and out of the `portfolios` and `positions` rows.
enum LedgerStore {
    static func state(of portfolio: Portfolio, positions: [Position]) throws -> PortfolioState {
        do {
            let restored = try positions.map { row throws(LedgerError) in
                guard let symbol = try? Symbol(row.symbol) else { throw LedgerError.invalidState("bad symbol \(row.symbol)") }
                return try PositionState(
                    symbol: symbol, quantity: Quantity(units: row.quantityUnits),
                    averageEntryPrice: Price(units: row.averageEntryPriceUnits),
                    costBasis: Money(units: row.costBasisUnits), realizedPnL: Money(units: row.realizedPnLUnits))
            }
            return try PortfolioState(
                initialCash: portfolio.initialBalance, cash: portfolio.balance, positions: restored,
                tradeCount: portfolio.tradeCount, winningSells: portfolio.winningSells, losingSells: portfolio.losingSells,
                feesPaid: Money(units: portfolio.feesPaidUnits))
        } catch {
            throw Problem(.internalServerError, type: "internal", detail: "The portfolio's stored state is inconsistent.")
        }
    }

    /// Writes `next` over `previous`. The cash update only applies if the balance is still the one that was
    /// read: if anything else changed it in between, the order fails instead of booking on stale numbers.
    static func save(
        _ next: PortfolioState, over previous: PortfolioState, portfolio: Portfolio, rows: [Position], symbol: Symbol,
        now: Date, on db: any Database
    ) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let updated = try await sql.update(Portfolio.schema)
            .set("balance_usd", to: next.cash.units)
            .set("fees_paid", to: next.feesPaid.units)
            .set("realized_pnl", to: next.realizedPnL.units)
            .set("trade_count", to: next.tradeCount)
            .set("winning_sells", to: next.winningSells)
            .set("losing_sells", to: next.losingSells)
            .set("updated_at", to: now)
            .set("version", to: SQLRaw("version + 1"))
            .where("id", .equal, try portfolio.requireID())
            .where("balance_usd", .equal, previous.cash.units)
            .returning("id")
            .all()
        guard updated.count == 1 else {
            throw Problem(.conflict, type: "conflict", detail: "The portfolio changed while the order was booked; retry it.")
        }
        let position = next.position(symbol)
        let existing = rows.first { $0.symbol == symbol.rawValue }
        let wasOpen = (existing?.quantityUnits ?? 0) > 0
        let row = existing ?? {
            let fresh = Position()
            fresh.$portfolio.id = portfolio.id!
            fresh.symbol = symbol.rawValue
            return fresh
        }()
        row.quantityUnits = position.quantity.units
        row.averageEntryPriceUnits = position.averageEntryPrice.units
        row.costBasisUnits = position.costBasis.units
        row.realizedPnLUnits = position.realizedPnL.units
        if position.isOpen, !wasOpen { row.openedAt = now; row.closedAt = nil }
        if !position.isOpen, wasOpen { row.closedAt = now }
        try await row.save(on: db)
    }

    static func snapshot(
        _ state: PortfolioState, marks: [Symbol: Price], portfolio: Portfolio, reason: String, at now: Date, on db: any Database
    ) async throws {
        guard let equity = state.equity(marks: marks) else { return }
        let snapshot = EquitySnapshot()
        snapshot.$portfolio.id = try portfolio.requireID()
        snapshot.runNumber = portfolio.runNumber
        snapshot.equityUnits = equity.units
        snapshot.cashUnits = state.cash.units
        snapshot.reason = reason
        snapshot.takenAt = now
        try await snapshot.create(on: db)
    }
}
