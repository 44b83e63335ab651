import Fluent
import Foundation

/// A portfolio's equity (cash plus positions at market) at one instant.
// Unchecked Sendable: see `User`.
public final class EquitySnapshot: Model, @unchecked Sendable {
    public static let schema = "equity_snapshots"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "portfolio_id") public var portfolio: Portfolio
    @Field(key: "run_number") public var runNumber: Int
    @Field(key: "equity") public var equityUnits: Int64
    @Field(key: "cash") public var cashUnits: Int64
    /// `trade`, `interval` or `reset`.
    @Field(key: "reason") public var reason: String
    @Field(key: "taken_at") public var takenAt: Date

    public init() {}
}
