import DraizerCore
import Fluent
import Foundation

/// A user's virtual account: one per user. Amounts are stored as `Money.units` (BIGINT, 10⁻⁸ USD), so
/// SQL can add and compare them exactly on SQLite and PostgreSQL alike.
// Unchecked Sendable: see `User`.
public final class Portfolio: Model, @unchecked Sendable {
    public static let schema = "portfolios"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "balance_usd") public var balanceUnits: Int64
    @Field(key: "initial_balance_usd") public var initialBalanceUnits: Int64
    @Field(key: "realized_pnl") public var realizedPnLUnits: Int64
    @Field(key: "fees_paid") public var feesPaidUnits: Int64
    /// Incremented by a reset; history rows keep the run they belong to.
    @Field(key: "trade_count") public var tradeCount: Int
    @Field(key: "winning_sells") public var winningSells: Int
    @Field(key: "losing_sells") public var losingSells: Int
    /// `paper` or `binance_testnet`: where this portfolio's orders execute.
    @Field(key: "venue") public var venue: String
    @Field(key: "run_number") public var runNumber: Int
    @Field(key: "run_started_at") public var runStartedAt: Date
    /// Incremented by every write to the ledger (trade, reset, venue switch).
    @Field(key: "version") public var version: Int64
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, userID: UUID, initialBalance: Money, now: Date = Date()) {
        self.id = id
        self.$user.id = userID
        self.balanceUnits = initialBalance.units
        self.initialBalanceUnits = initialBalance.units
        self.realizedPnLUnits = 0
        self.feesPaidUnits = 0
        self.tradeCount = 0
        self.winningSells = 0
        self.losingSells = 0
        self.venue = "paper"
        self.runNumber = 1
        self.runStartedAt = now
        self.version = 0
    }

    public var balance: Money { Money(units: balanceUnits) }
    public var initialBalance: Money { Money(units: initialBalanceUnits) }
}

extension Portfolio {
    /// The user's portfolio, or the `no portfolio` problem.
    static func of(user userID: UUID, on db: any Database) async throws -> Portfolio {
        guard let portfolio = try await Portfolio.query(on: db).filter(\.$user.$id == userID).first() else {
            throw Problem.noPortfolio
        }
        return portfolio
    }
}
