extension PortfolioState {
    /// Σ quantity × mark over open positions, each rounded down; nil when an open position has no mark,
    /// because a value computed without it would be silently wrong.
    public func marketValue(marks: [Symbol: Price]) -> Money? {
        var total = Money.zero
        for position in positions.values where position.isOpen {
            guard let mark = marks[position.symbol] else { return nil }
            total += position.marketValue(at: mark)
        }
        return total
    }

    /// Σ (market value − cost basis) over open positions; nil when an open position has no mark.
    public func unrealizedPnL(marks: [Symbol: Price]) -> Money? {
        guard let value = marketValue(marks: marks) else { return nil }
        let basis = positions.values.reduce(Money.zero) { $0 + $1.costBasis }
        return value - basis
    }

    /// Cash plus market value; nil when an open position has no mark.
    ///
    /// By construction `equity − initialCash == realizedPnL + unrealizedPnL` exactly: cash moved by the
    /// fills' amounts, and every unit of buy cost is either still in a cost basis or was released by a sell.
    public func equity(marks: [Symbol: Price]) -> Money? {
        marketValue(marks: marks).map { cash + $0 }
    }
}
