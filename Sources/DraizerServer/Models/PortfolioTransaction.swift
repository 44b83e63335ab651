import Fluent
import Foundation

/// One executed fill, as the ledger booked it. Named apart from Fluent's database transactions; the table
/// keeps the original design's name, `transactions`. Rows are history: never updated.
// Unchecked Sendable: see `User`.
public final class PortfolioTransaction: Model, @unchecked Sendable {
    public static let schema = "transactions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "portfolio_id") public var portfolio: Portfolio
    @Parent(key: "user_id") public var user: User
    @Field(key: "symbol") public var symbol: String
    /// `buy` or `sell`.
    @Field(key: "side") public var side: String
    @Field(key: "quantity") public var quantityUnits: Int64
    @Field(key: "price") public var priceUnits: Int64
    /// Quote amount before fees (price × quantity).
    @Field(key: "quote_amount") public var quoteAmountUnits: Int64
    @Field(key: "fee") public var feeUnits: Int64
    @Field(key: "fee_asset") public var feeAsset: String
    @OptionalField(key: "realized_pnl") public var realizedPnLUnits: Int64?
    /// `paper` or `binance_testnet`.
    @Field(key: "venue") public var venue: String
    /// `manual`, `ai`, `stop_loss` or `take_profit`.
    @Field(key: "source") public var source: String
    @OptionalField(key: "exchange_order_id") public var exchangeOrderID: String?
    @OptionalField(key: "idempotency_key") public var idempotencyKey: String?
    @Field(key: "run_number") public var runNumber: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
