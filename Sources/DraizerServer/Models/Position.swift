import Fluent
import Foundation

/// Holdings of one symbol in one portfolio; a closed position keeps its row with quantity 0.
// Unchecked Sendable: see `User`.
public final class Position: Model, @unchecked Sendable {
    public static let schema = "positions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "portfolio_id") public var portfolio: Portfolio
    @Field(key: "symbol") public var symbol: String
    /// Base-asset quantity in 10⁻⁸ units.
    @Field(key: "quantity") public var quantityUnits: Int64
    @Field(key: "average_entry_price") public var averageEntryPriceUnits: Int64
    @Field(key: "realized_pnl") public var realizedPnLUnits: Int64
    /// Buy amounts plus buy fees still held, in 10⁻⁸ USD (see `PositionState.costBasis`).
    @Field(key: "cost_basis") public var costBasisUnits: Int64
    @OptionalField(key: "opened_at") public var openedAt: Date?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}
