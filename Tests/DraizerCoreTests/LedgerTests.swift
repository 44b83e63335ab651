import DraizerCore
import Testing

private let start = PortfolioState(initialCash: Money(10_000))

@Test func averageEntryPriceWeightsTheOldQuantity() throws {
    // (1 × 100 + 3 × 200) / (1 + 3) = 175. Weighting the old average by the quantity *after* the buy,
    // the original bug, gives (4 × 100 + 3 × 200) / 7 ≈ 142.86.
    let portfolio = try start
        .applying(fill(.buy, "1", at: "100", fee: "0.1"))
        .applying(fill(.buy, "3", at: "200", fee: "0.6"))
    let position = portfolio.position(btcusdt)
    #expect(position.averageEntryPrice == price("175"))
    #expect(position.quantity == quantity("4"))
    #expect(position.costBasis == money("700.7"))
    #expect(portfolio.cash == money("9299.3"))
}

@Test func averageEntryPriceRoundsHalfUpToTheUnit() throws {
    // (1 × 1 + 2 × 2) / 3 = 1.666666666… → 1.66666667
    let portfolio = try start
        .applying(fill(.buy, "1", at: "1"))
        .applying(fill(.buy, "2", at: "2"))
    #expect(portfolio.position(btcusdt).averageEntryPrice == price("1.66666667"))
}

@Test func partialSellRealizesProceedsLessFeeLessProportionalBasis() throws {
    // Basis 200 + 0.2 fee = 200.2. Selling a quarter at 120: 60 − 0.06 fee − 50.05 basis = 9.89.
    var portfolio = try start.applying(fill(.buy, "2", at: "100", fee: "0.2"))
    let entry = try portfolio.apply(fill(.sell, "0.5", at: "120", fee: "0.06"))
    #expect(entry.realizedPnL == money("9.89"))
    #expect(entry.cashAfter == money("9859.74"))
    let position = portfolio.position(btcusdt)
    #expect(position.quantity == quantity("1.5"))
    #expect(position.costBasis == money("150.15"))
    #expect(position.averageEntryPrice == price("100"))
    #expect(portfolio.winningSells == 1)
}

@Test func closingSellReleasesTheWholeBasisAndResetsTheAverage() throws {
    var portfolio = try start
        .applying(fill(.buy, "2", at: "100", fee: "0.2"))
        .applying(fill(.sell, "0.5", at: "120", fee: "0.06"))
    // 135 − 0.135 − 150.15 = −15.285
    let entry = try portfolio.apply(fill(.sell, "1.5", at: "90", fee: "0.135"))
    #expect(entry.realizedPnL == money("-15.285"))
    let position = portfolio.position(btcusdt)
    #expect(!position.isOpen)
    #expect(position.averageEntryPrice == .zero)
    #expect(position.costBasis == .zero)
    #expect(position.realizedPnL == money("-5.395"))
    #expect(portfolio.realizedPnL == money("-5.395"))
    #expect(portfolio.cash == money("9994.605"))
    #expect(portfolio.tradeCount == 3)
    #expect(portfolio.winningSells == 1)
    #expect(portfolio.losingSells == 1)
    #expect(portfolio.feesPaid == money("0.395"))
    #expect(portfolio.openPositions.isEmpty)
}

@Test func proportionalBasisRoundsUpSoProfitIsNeverOverstated() throws {
    // Basis 10 over 3 units; selling 1 releases 3.33333334, not 3.33333333.
    var portfolio = try start.applying(fill(.buy, "3", at: "3", fee: "1"))
    let entry = try portfolio.apply(fill(.sell, "1", at: "3"))
    #expect(entry.realizedPnL == money("-0.33333334"))
    #expect(portfolio.position(btcusdt).costBasis == money("6.66666666"))
}

@Test func breakEvenSellIsNeitherWinNorLoss() throws {
    let portfolio = try start
        .applying(fill(.buy, "1", at: "100"))
        .applying(fill(.sell, "1", at: "100"))
    #expect(portfolio.winningSells == 0)
    #expect(portfolio.losingSells == 0)
    #expect(portfolio.tradeCount == 2)
}

@Test func ledgerRefusesToOverspendCash() {
    #expect(throws: LedgerError.insufficientCash(required: money("10000.01"), available: Money(10_000))) {
        try start.applying(fill(.buy, "1", at: "10000", fee: "0.01"))
    }
}

@Test func ledgerRefusesToOversell() throws {
    let portfolio = try start.applying(fill(.buy, "1", at: "100"))
    #expect(throws: LedgerError.insufficientPosition(btcusdt, requested: quantity("1.1"), held: quantity("1"))) {
        try portfolio.applying(fill(.sell, "1.1", at: "100"))
    }
}

@Test func ledgerLeavesStateUnchangedWhenItRefuses() throws {
    var portfolio = try start.applying(fill(.buy, "1", at: "100"))
    let before = portfolio
    #expect(throws: LedgerError.self) { try portfolio.apply(fill(.sell, "2", at: "100")) }
    #expect(portfolio == before)
}

@Test func ledgerRefusesFeeInAnotherAsset() {
    #expect(throws: LedgerError.feeAssetMismatch(expected: .usdt, actual: asset("BNB"))) {
        try start.applying(fill(.buy, "1", at: "100", fee: "0.1", feeAsset: asset("BNB")))
    }
}

@Test func ledgerRefusesZeroQuantityFill() {
    #expect(throws: LedgerError.invalidFill("zero quantity")) { try start.applying(fill(.buy, "0", at: "100")) }
}

@Test func unrealizedPnLIsMarketValueLessBasisIncludingBuyFees() throws {
    let portfolio = try start.applying(fill(.buy, "2", at: "100", fee: "0.2"))
    let marks = [btcusdt: price("110")]
    #expect(portfolio.marketValue(marks: marks) == Money(220))
    #expect(portfolio.unrealizedPnL(marks: marks) == money("19.8"))
    #expect(portfolio.equity(marks: marks) == money("10019.8"))
    #expect(portfolio.position(btcusdt).unrealizedPnL(at: price("110")) == money("19.8"))
}

@Test func equityIsUnknownWithoutAMarkForAnOpenPosition() throws {
    let portfolio = try start.applying(fill(.buy, "1", at: "100"))
    #expect(portfolio.equity(marks: [:]) == nil)
    #expect(start.equity(marks: [:]) == Money(10_000))
}

@Test func restoringRejectsNegativeCash() {
    #expect(throws: LedgerError.self) {
        try PortfolioState(
            initialCash: Money(100), cash: Money(-1), positions: [], tradeCount: 0, winningSells: 0, losingSells: 0,
            feesPaid: .zero)
    }
}

@Test func restoringRejectsClosedPositionWithBasis() {
    #expect(throws: LedgerError.self) {
        try PositionState(
            symbol: btcusdt, quantity: .zero, averageEntryPrice: .zero, costBasis: Money(1), realizedPnL: .zero)
    }
}

@Test func restoredStateBooksLikeTheOriginal() throws {
    let original = try start.applying(fill(.buy, "2", at: "100", fee: "0.2"))
    let kept = original.position(btcusdt)
    let restored = try PortfolioState(
        initialCash: original.initialCash, cash: original.cash,
        positions: [try PositionState(
            symbol: btcusdt, quantity: kept.quantity, averageEntryPrice: kept.averageEntryPrice,
            costBasis: kept.costBasis, realizedPnL: kept.realizedPnL)],
        tradeCount: original.tradeCount, winningSells: original.winningSells, losingSells: original.losingSells,
        feesPaid: original.feesPaid)
    let sell = fill(.sell, "1", at: "150", fee: "0.15")
    #expect(try restored.applying(sell) == original.applying(sell))
}
