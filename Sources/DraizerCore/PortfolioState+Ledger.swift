extension PortfolioState {
    /// The state after booking `fill`, or the reason it cannot be booked (this state is left unchanged).
    ///
    /// Cash moves by exactly `fill.cashDelta`; a buy adds its quote amount plus fee to the position's
    /// cost basis, a sell realizes `proceeds − fee − released basis` (see `PositionState`). The amounts
    /// are the fill's own: the ledger does not recompute `price × quantity`, because a live venue's
    /// reported quote amount is the truth there.
    public func applying(_ fill: Fill) throws(LedgerError) -> PortfolioState {
        var next = self
        try next.apply(fill)
        return next
    }

    /// Books `fill` in place and describes what it did; on error nothing changes.
    @discardableResult
    public mutating func apply(_ fill: Fill) throws(LedgerError) -> LedgerEntry {
        guard !fill.quantity.isZero else { throw .invalidFill("zero quantity") }
        guard !fill.quoteAmount.isNegative, !fill.fee.isNegative else {
            throw .invalidFill("negative quote amount or fee")
        }
        guard fill.feeAsset == cashAsset else { throw .feeAssetMismatch(expected: cashAsset, actual: fill.feeAsset) }
        let newCash = cash + fill.cashDelta
        guard !newCash.isNegative else {
            throw .insufficientCash(required: -fill.cashDelta, available: cash)
        }
        var position = self.position(fill.symbol)
        let realized: Money?
        switch fill.side {
        case .buy:
            position.book(buy: fill)
            realized = nil
        case .sell:
            guard fill.quantity <= position.quantity else {
                throw .insufficientPosition(fill.symbol, requested: fill.quantity, held: position.quantity)
            }
            let pnl = position.book(sell: fill)
            if pnl.isPositive { winningSells += 1 }
            if pnl.isNegative { losingSells += 1 }
            realized = pnl
        }
        positions[fill.symbol] = position
        cash = newCash
        tradeCount += 1
        feesPaid += fill.fee
        return LedgerEntry(fill: fill, realizedPnL: realized, cashAfter: newCash)
    }
}
