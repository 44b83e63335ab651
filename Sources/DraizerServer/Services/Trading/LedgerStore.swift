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
