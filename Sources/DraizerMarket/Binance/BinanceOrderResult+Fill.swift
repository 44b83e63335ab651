import DraizerCore

/// Turning a Binance order into the one core `Fill` the ledger books.
///
/// The rule keeps the ledger's cash and position equal to what Binance actually moved in the account:
/// - `price` is the volume-weighted average of the fills, Σ(price × qty) / Σ qty, rounded half up to 10⁻⁸
///   (`cummulativeQuoteQty / executedQty` when the answer carries no fills).
/// - Commission in the **quote** asset is the fee as is: `quantity = executedQty`,
///   `quoteAmount = cummulativeQuoteQty`, `fee = Σ commission`.
/// - Commission in the **base** asset (what Binance charges on a buy) was taken out of the coins received,
///   not out of cash. It is valued in quote at the average price (rounded up, like every fee) and moved out
///   of the trade's quote amount into the fee: on a buy `quantity = executedQty − commission` and
///   `quoteAmount = cummulativeQuoteQty − value`; on a sell `quantity = executedQty + commission` and
///   `quoteAmount = cummulativeQuoteQty + value`. Either way `fee` includes `value`, `cashDelta` is exactly
///   the quote Binance debited or credited, and `quoteAmount` stays ≈ `price × quantity`.
/// - Commission in **another** asset (BNB) touches neither cash nor the position, and the core ledger only
///   books fees in its cash asset, so it is left out of the `Fill` (fee 0 from it) and reported by
///   `commissions(outside:)` for the caller to record or value separately.
extension BinanceOrderResult {
    public enum FillConversionError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Nothing executed (a MARKET order that `EXPIRED` empty, a `REJECTED` one): there is no fill to book.
        case nothingExecuted(status: BinanceOrderStatus)
        /// The order is for another symbol than the `SymbolInfo` given.
        case symbolMismatch(expected: Symbol, actual: Symbol)
        /// Binance's numbers do not add up (a base commission larger than the quantity bought).
        case inconsistent(String)

        public var description: String {
            switch self {
            case .nothingExecuted(let status): "the order executed nothing (status \(status))"
            case .symbolMismatch(let expected, let actual): "the order is for \(actual), not \(expected)"
            case .inconsistent(let reason): "inconsistent Binance order: \(reason)"
            }
        }
    }

    /// Total commission per asset over all fills.
    public var commissions: [Asset: Quantity] {
        fills.reduce(into: [:]) { $0[$1.commissionAsset, default: .zero] += $1.commission }
    }

    /// Commissions paid in neither the base nor the quote asset of `info` (BNB), which `fill(for:)` leaves out.
    public func commissions(outside info: SymbolInfo) -> [Asset: Quantity] {
        commissions.filter { $0.key != info.baseAsset && $0.key != info.quoteAsset && !$0.value.isZero }
    }

    /// The volume-weighted average fill price, or nil when nothing executed.
    public var averagePrice: Price? {
        let filled = fills.reduce(Int128(0)) { $0 + Int128($1.quantity.units) }
        if filled > 0 {
            let notional = fills.reduce(Int128(0)) { $0 + Int128($1.price.units) * Int128($1.quantity.units) }
            return Int64(exactly: FixedPoint.divide(notional, by: filled, rounding: .halfUp)).map(Price.init(units:))
        }
        guard executedQty.units > 0, !cummulativeQuoteQty.isNegative else { return nil }
        let price = FixedPoint.divide(
            Int128(cummulativeQuoteQty.units) * Int128(FixedPoint.scale), by: Int128(executedQty.units),
            rounding: .halfUp)
        return Int64(exactly: price).map(Price.init(units:))
    }

    /// The order as one core `Fill`, by the rule in this extension's documentation.
    public func fill(for info: SymbolInfo) throws(FillConversionError) -> Fill {
        guard symbol == info.symbol else { throw .symbolMismatch(expected: info.symbol, actual: symbol) }
        guard !executedQty.isZero else { throw .nothingExecuted(status: status) }
        guard let price = averagePrice, !price.isZero else {
            throw .inconsistent("no average price for executedQty \(executedQty)")
        }
        let totals = commissions
        let quoteCommission = Money(units: totals[info.quoteAsset]?.units ?? 0)
        let baseCommission = totals[info.baseAsset] ?? .zero
        let baseCommissionValue = price.notional(of: baseCommission, rounding: .up)

        let quantity: Quantity, quoteAmount: Money
        switch side {
        case .buy:
            guard baseCommission <= executedQty else {
                throw .inconsistent("base commission \(baseCommission) exceeds executedQty \(executedQty)")
            }
            quantity = executedQty - baseCommission
            quoteAmount = cummulativeQuoteQty - baseCommissionValue
        case .sell:
            quantity = executedQty + baseCommission
            quoteAmount = cummulativeQuoteQty + baseCommissionValue
        }
        guard !quoteAmount.isNegative else {
            throw .inconsistent("commission worth \(baseCommissionValue) exceeds the quote amount \(cummulativeQuoteQty)")
        }
        return Fill(
            symbol: symbol, side: side, quantity: quantity, price: price, quoteAmount: quoteAmount,
            fee: quoteCommission + baseCommissionValue, feeAsset: info.quoteAsset)
    }
}
