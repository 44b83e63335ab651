import DraizerCore
import Fluent
import Foundation
import Vapor

/// Where an order executes once the core rules (`PaperExecution` against the ledger) have accepted it.
/// `TradingService` books whatever the venue reports, the same way for every venue, so the ledger is the
/// one record of a portfolio whether its orders are simulated or sent to an exchange.
protocol ExecutionVenue: Sendable {
    /// `paper` or `binance_testnet`: the value of `portfolios.venue` that selects this venue, stored on every
    /// transaction it executes.
    var name: String { get }
    /// Whether `execute` calls out over the network. Such a venue is never called inside a database
    /// transaction: the order is checked first, executed, then booked in a transaction of its own.
    var isRemote: Bool { get }
    /// Executes `order`. Throws `VenueFailure` when the venue refused it or could not say what happened; any
    /// other error is unexpected.
    func execute(_ order: VenueOrder) async throws -> VenueFill
}

/// An order the core rules accepted, with what a venue needs to execute it.
struct VenueOrder: Sendable {
    let request: OrderRequest
    /// What the ledger expects to book: the quantity floored to the lot step, priced at the reference price
    /// with slippage. The paper venue books exactly this.
    let checked: Fill
    let info: SymbolInfo
    let userID: UUID
    let idempotencyKey: String?
    /// For a venue that loads the user's exchange keys (its database and secret box).
    let context: ActionContext
}

/// What a venue executed: the fill to book and, for an exchange, its order id.
struct VenueFill: Sendable {
    let fill: Fill
    let exchangeOrderID: String?
    /// Extra facts for the audit trail (the exchange's status, commissions the ledger does not book).
    let details: [String: String]
}

/// A venue's refusal or failure, already phrased as the answer to give, with what the audit trail records.
struct VenueFailure: Error, Sendable {
    let problem: Problem
    let details: [String: String]
}

/// Simulated execution: the fill the core rules computed is the fill.
struct PaperVenue: ExecutionVenue {
    var name: String { "paper" }
    var isRemote: Bool { false }

    func execute(_ order: VenueOrder) async throws -> VenueFill {
        VenueFill(fill: order.checked, exchangeOrderID: nil, details: [:])
    }
}
