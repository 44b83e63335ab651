import DraizerCore
import Testing

private let start = PortfolioState(initialCash: Money(10_000))

@Test func maxDrawdownIsTheLargestFallFromARunningPeak() {
    // 120 → 90 is 25 %; 130 → 104 is only 20 %.
    let curve = [100, 120, 90, 130, 104].map { Money($0) }
    #expect(PortfolioStatistics.maxDrawdown(of: curve) == ratio("0.25"))
}

@Test func maxDrawdownRoundsUp() {
    #expect(PortfolioStatistics.maxDrawdown(of: [Money(3), Money(2)]).description == "0.33333334")
}

@Test func maxDrawdownOfARisingCurveIsZero() {
    #expect(PortfolioStatistics.maxDrawdown(of: [Money(1), Money(2), Money(3)]) == .zero)
    #expect(PortfolioStatistics.maxDrawdown(of: []) == .zero)
}

@Test func statisticsSummariseTradesAndPnL() throws {
    let portfolio = try start
        .applying(fill(.buy, "3", at: "100", fee: "0.3"))
        .applying(fill(.sell, "1", at: "110", fee: "0.11"))
        .applying(fill(.sell, "1", at: "120", fee: "0.12"))
        .applying(fill(.sell, "0.5", at: "90", fee: "0.045"))
    let stats = try #require(PortfolioStatistics(
        portfolio: portfolio, marks: [btcusdt: price("100")], equityCurve: [Money(10_000), Money(10_020)]))
    #expect(stats.totalTrades == 4)
    #expect(stats.winningTrades == 2)
    #expect(stats.losingTrades == 1)
    #expect(stats.winRate.description == "0.66666666")
    #expect(stats.feesPaid == money("0.575"))
    // Basis 300.3: sells release 100.1, 100.1 and 50.05, leaving 50.05 for the last 0.5.
    // Realized 9.79 + 19.78 − 5.095 = 24.475; unrealized 50 − 50.05 = −0.05.
    #expect(stats.realizedPnL == money("24.475"))
    #expect(stats.unrealizedPnL == money("-0.05"))
    #expect(stats.equity == money("10024.425"))
    #expect(stats.returnSinceStart.description == "0.0024425")
    #expect(stats.equity - Money(10_000) == stats.realizedPnL + stats.unrealizedPnL)
}

@Test func statisticsNeedAMarkForEveryOpenPosition() throws {
    let portfolio = try start.applying(fill(.buy, "1", at: "100"))
    #expect(PortfolioStatistics(portfolio: portfolio, marks: [:], equityCurve: []) == nil)
}

@Test func winRateIsZeroBeforeAnySell() throws {
    let stats = try #require(PortfolioStatistics(portfolio: start, marks: [:], equityCurve: []))
    #expect(stats.winRate == .zero)
    #expect(stats.returnSinceStart == .zero)
}

@Test func replayingFillsMatchesTheLedger() throws {
    let fills = [fill(.buy, "2", at: "100", fee: "0.2"), fill(.sell, "1", at: "90", fee: "0.09")]
    var portfolio = start
    for fill in fills { try portfolio.apply(fill) }
    let marks = [btcusdt: price("95")]
    let replayed = try PortfolioStatistics.replaying(fills, initialCash: Money(10_000), marks: marks, equityCurve: [])
    #expect(replayed == PortfolioStatistics(portfolio: portfolio, marks: marks, equityCurve: []))
    #expect(replayed?.losingTrades == 1)
}

@Test func replayingAnImpossibleHistoryThrows() {
    #expect(throws: LedgerError.self) {
        try PortfolioStatistics.replaying(
            [fill(.sell, "1", at: "100")], initialCash: Money(100), marks: [:], equityCurve: [])
    }
}
