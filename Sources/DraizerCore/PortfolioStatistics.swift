/// Performance figures for a run, computed from the ledger so they agree with it to the unit.
///
/// Ratios are exact to 10⁻⁸ and rounded so as never to flatter: win rate and return round down, drawdown
/// rounds up.
public struct PortfolioStatistics: Sendable, Hashable {
    /// Fills booked, buys and sells.
    public let totalTrades: Int
    /// Sells that realized a profit after all fees.
    public let winningTrades: Int
    /// Sells that realized a loss after all fees.
    public let losingTrades: Int
    /// `winning / (winning + losing)`: a sell that realized exactly zero counts as neither. Zero before the
    /// first decided sell.
    public let winRate: Ratio
    public let realizedPnL: Money
    public let unrealizedPnL: Money
    public let feesPaid: Money
    /// Cash plus open positions at the marks.
    public let equity: Money
    /// The largest fall from a running peak of the equity curve, as a fraction of that peak.
    public let maxDrawdown: Ratio
    /// `(equity − initial cash) / initial cash`; zero when the run started with no cash.
    public let returnSinceStart: Ratio

    /// Statistics of `portfolio` valued at `marks`, with the drawdown of `equityCurve` (oldest first).
    /// Nil when an open position has no mark, since equity and unrealized P&L would be wrong without it.
    public init?(portfolio: PortfolioState, marks: [Symbol: Price], equityCurve: [Money]) {
        guard let equity = portfolio.equity(marks: marks), let unrealized = portfolio.unrealizedPnL(marks: marks)
        else { return nil }
        totalTrades = portfolio.tradeCount
        winningTrades = portfolio.winningSells
        losingTrades = portfolio.losingSells
        let decided = winningTrades + losingTrades
        winRate = decided == 0 ? .zero : Ratio(winningTrades, over: decided, rounding: .down)
        realizedPnL = portfolio.realizedPnL
        unrealizedPnL = unrealized
        feesPaid = portfolio.feesPaid
        self.equity = equity
        maxDrawdown = Self.maxDrawdown(of: equityCurve)
        returnSinceStart = portfolio.initialCash.isPositive
            ? Ratio(equity - portfolio.initialCash, over: portfolio.initialCash, rounding: .down)
            : .zero
    }

    /// Replays `fills` through the ledger from a fresh account, so statistics from a fill history use the
    /// same P&L rules as the live ledger. Throws if the history could not have been booked.
    public static func replaying(
        _ fills: [Fill], initialCash: Money, cashAsset: Asset = .usdt, marks: [Symbol: Price], equityCurve: [Money]
    ) throws(LedgerError) -> PortfolioStatistics? {
        var portfolio = PortfolioState(initialCash: initialCash, cashAsset: cashAsset)
        for fill in fills { try portfolio.apply(fill) }
        return PortfolioStatistics(portfolio: portfolio, marks: marks, equityCurve: equityCurve)
    }

    /// The largest `(peak − value) / peak` over the curve, rounded up; points before the first positive
    /// peak are skipped because a drawdown from nothing has no meaning.
    public static func maxDrawdown(of equityCurve: [Money]) -> Ratio {
        var peak = Money.zero
        var worst = Ratio.zero
        for value in equityCurve {
            if value > peak { peak = value }
            guard peak.isPositive else { continue }
            let drawdown = Ratio(peak - value, over: peak, rounding: .up)
            if drawdown > worst { worst = drawdown }
        }
        return worst
    }
}
