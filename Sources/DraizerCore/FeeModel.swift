/// The trading fee, as a fraction of the fill's quote amount, charged in the quote currency.
///
/// Binance can also take the fee from the received asset or from BNB; charging it in the quote currency
/// keeps a paper account to a single cash balance, and the fill records the asset so that can change.
public struct FeeModel: Sendable, Hashable {
    /// The fraction of the quote amount charged (`0.001` is 0.1 %).
    public let rate: Ratio

    /// Traps on a negative rate or one of 100 % or more: both are configuration errors, caught at startup.
    public init(rate: Ratio) {
        precondition(rate >= .zero && rate < .one, "a fee rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    /// `FeeModel(basisPoints: 10)` is 0.1 %. Fractional basis points (BNB's 7.5) go through `init(rate:)`.
    public init(basisPoints: Int64) { self.init(rate: Ratio(basisPoints: basisPoints)) }

    /// Binance spot's default taker fee, 0.1 % (10 bp): a market order always takes liquidity.
    public static let binanceSpotTaker = FeeModel(basisPoints: 10)

    /// No fee: for tests and what-if comparisons.
    public static let free = FeeModel(rate: .zero)

    /// The fee on a fill worth `quoteAmount`, rounded up to 10⁻⁸ so the ledger never undercharges.
    public func fee(on quoteAmount: Money) -> Money {
        precondition(!quoteAmount.isNegative, "fees are charged on non-negative amounts")
        return quoteAmount.scaled(by: rate, rounding: .up)
    }
}
