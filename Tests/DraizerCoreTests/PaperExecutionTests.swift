import DraizerCore
import Testing

private let start = PortfolioState(initialCash: Money(10_000))

/// Holds `held` BTC bought at 30 000 without fees, booked straight into the ledger.
private func holding(_ held: String) throws -> PortfolioState {
    try start.applying(fill(.buy, held, at: "30000"))
}

@Test func buyFloorsQuantityToLotStep() {
    let result = execution().execute(
        .buy(btcusdt, quantity: quantity("0.123456")), info: btcInfo(), price: fresh("30000"), now: 0,
        portfolio: start)
    let filled = result.value
    #expect(filled?.quantity == quantity("0.12345"))
    #expect(filled?.price == price("30000"))
    #expect(filled?.quoteAmount == money("3703.5"))
    #expect(filled?.fee == money("3.7035"))
    #expect(filled?.feeAsset == .usdt)
}

@Test func buySlipsAboveReferencePrice() {
    let filled = execution(slippageBasisPoints: 5).execute(
        .buy(btcusdt, quantity: quantity("0.01")), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: start
    ).value
    #expect(filled?.price == price("30015"))
    #expect(filled?.quoteAmount == money("300.15"))
}

@Test func sellSlipsBelowReferencePrice() throws {
    let filled = execution(slippageBasisPoints: 5).execute(
        .sell(btcusdt, quantity: quantity("0.01")), info: btcInfo(), price: fresh("30000"), now: 0,
        portfolio: try holding("0.01")
    ).value
    #expect(filled?.price == price("29985"))
    #expect(filled?.quoteAmount == money("299.85"))
    #expect(filled?.fee == money("0.29985"))
}

@Test func quoteBuySpendsAtMostTheAmountIncludingFee() {
    // 100 / (30000 × 1.001) = 0.00333000… → 0.00333 BTC: 99.9 + 0.0999 fee = 99.9999 ≤ 100.
    let filled = execution().execute(
        .buy(btcusdt, spending: money("100")), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: start
    ).value
    #expect(filled?.quantity == quantity("0.00333"))
    #expect(filled?.quoteAmount == money("99.9"))
    #expect(filled?.fee == money("0.0999"))
}

@Test func quoteBuyLeavesRoomForTheFee() {
    // 100.05 buys 1.00 at 100 before fees, but 100 + 0.1 fee exceeds it, so one step less: 0.99.
    let info = SymbolInfo(
        symbol: btcusdt, baseAsset: asset("BTC"), quoteAsset: .usdt,
        filters: SymbolFilters(
            price: .unrestricted,
            lotSize: try! LotSizeFilter(minQuantity: "0.01", maxQuantity: "0", stepSize: "0.01")))
    let filled = execution().execute(
        .buy(btcusdt, spending: money("100.05")), info: info, price: fresh("100"), now: 0, portfolio: start
    ).value
    #expect(filled?.quantity == quantity("0.99"))
    #expect(filled.map { $0.quoteAmount + $0.fee } == money("99.099"))
}

@Test func quoteBuyOfAllCashNeverOverdraws() {
    let filled = execution(slippageBasisPoints: 7).execute(
        .buy(btcusdt, spending: start.cash), info: btcInfo(), price: fresh("29999.99"), now: 0, portfolio: start
    ).value
    #expect(filled != nil)
    #expect(filled.map { $0.quoteAmount + $0.fee <= start.cash } == true)
}

@Test func quoteBuyAboveCashIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, spending: Money(20_000)), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: start
    ).rejection
    #expect(rejection == .insufficientCash(required: Money(20_000), available: Money(10_000)))
}

@Test func quantityBuyCostingMoreThanCashIsRejectedWithFeesIncluded() {
    // 0.3333 BTC costs 9999 + 9.999 fee = 10008.999 > 10000.
    let rejection = execution().execute(
        .buy(btcusdt, quantity: quantity("0.3333")), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: start
    ).rejection
    #expect(rejection == .insufficientCash(required: money("10008.999"), available: Money(10_000)))
    #expect(rejection?.description.contains("10008.999") == true)
}

@Test func quoteBuyTooSmallForOneLotIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, spending: money("0.1")), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: start
    ).rejection
    #expect(rejection
        == .amountBelowLotStep(amount: money("0.1"), price: price("30000"), stepSize: quantity("0.00001")))
}

@Test func buyBelowMinimumNotionalIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, quantity: quantity("0.0001")), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: start
    ).rejection
    #expect(rejection == .belowMinimumNotional(notional: money("3"), minimum: money("5")))
    #expect(rejection?.code == "below_minimum_notional")
}

@Test func buyUnderOneLotStepIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, quantity: quantity("0.000009")), info: btcInfo(), price: fresh("30000"), now: 0,
        portfolio: start
    ).rejection
    #expect(rejection == .quantityBelowLotStep(requested: quantity("0.000009"), stepSize: quantity("0.00001")))
}

@Test func buyUnderMinimumQuantityIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, quantity: quantity("0.0005")), info: btcInfo(minQuantity: "0.001", minNotional: "0"),
        price: fresh("30000"), now: 0, portfolio: start
    ).rejection
    #expect(rejection == .quantityBelowMinimum(quantity: quantity("0.0005"), minimum: quantity("0.001")))
}

@Test func buyAboveMaximumQuantityIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, quantity: quantity("2")), info: btcInfo(maxQuantity: "1"), price: fresh("1000"), now: 0,
        portfolio: start
    ).rejection
    #expect(rejection == .quantityAboveMaximum(quantity: quantity("2"), maximum: quantity("1")))
}

@Test func zeroSizedOrderIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, spending: .zero), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: start
    ).rejection
    #expect(rejection == .emptyOrder)
}

@Test func unknownSymbolIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, spending: Money(100)), info: nil, price: fresh("30000"), now: 0, portfolio: start
    ).rejection
    #expect(rejection == .unknownSymbol(btcusdt))
}

@Test func missingPriceIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, spending: Money(100)), info: btcInfo(), price: nil, now: 0, portfolio: start
    ).rejection
    #expect(rejection == .noPrice(btcusdt))
}

@Test func stalePriceIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, spending: Money(100)), info: btcInfo(), price: fresh("30000"), now: 60_001, portfolio: start
    ).rejection
    #expect(rejection == .stalePrice(btcusdt, ageMilliseconds: 60_001, maxAgeMilliseconds: 60_000))
}

@Test func priceExactlyAtMaximumAgeIsStillFresh() {
    let result = execution().execute(
        .buy(btcusdt, spending: Money(100)), info: btcInfo(), price: fresh("30000"), now: 60_000, portfolio: start)
    #expect(result.value != nil)
}

@Test func sellWithoutPositionIsNothingToSell() {
    let rejection = execution().execute(
        .sell(btcusdt, quantity: quantity("0.01")), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: start
    ).rejection
    #expect(rejection == .nothingToSell(btcusdt))
    #expect(rejection?.description == "Nothing to sell: there is no BTCUSDT position.")
}

@Test func sellOfMoreThanHeldIsRejected() throws {
    let rejection = execution().execute(
        .sell(btcusdt, quantity: quantity("0.02")), info: btcInfo(), price: fresh("30000"), now: 0,
        portfolio: try holding("0.01")
    ).rejection
    #expect(rejection == .insufficientPosition(btcusdt, requested: quantity("0.02"), held: quantity("0.01")))
}

@Test func sellAllFloorsToStepAndLeavesDust() throws {
    let portfolio = try holding("0.123456")
    let held = portfolio.position(btcusdt).quantity
    let filled = try #require(execution().execute(
        .sell(btcusdt, quantity: held), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: portfolio
    ).value)
    #expect(filled.quantity == quantity("0.12345"))
    let after = try portfolio.applying(filled)
    #expect(after.position(btcusdt).quantity == quantity("0.000006"))
}

@Test func sellOfDustAloneIsBelowLotStep() throws {
    let portfolio = try holding("0.000006")
    let rejection = execution().execute(
        .sell(btcusdt, quantity: quantity("0.000006")), info: btcInfo(), price: fresh("30000"), now: 0,
        portfolio: portfolio
    ).rejection
    #expect(rejection == .quantityBelowLotStep(requested: quantity("0.000006"), stepSize: quantity("0.00001")))
}

@Test func quoteSellSellsAtMostTheAmountWorth() throws {
    // 100 / 30000 = 0.0033333… → 0.00333 BTC, worth 99.9 before its fee.
    let filled = execution().execute(
        .sell(btcusdt, worth: Money(100)), info: btcInfo(), price: fresh("30000"), now: 0,
        portfolio: try holding("0.01")
    ).value
    #expect(filled?.quantity == quantity("0.00333"))
    #expect(filled?.quoteAmount == money("99.9"))
}

@Test func priceAboveSymbolMaximumIsRejected() {
    let rejection = execution().execute(
        .buy(btcusdt, quantity: quantity("0.001")), info: btcInfo(), price: fresh("2000000"), now: 0,
        portfolio: PortfolioState(initialCash: Money(100_000))
    ).rejection
    #expect(rejection == .priceAboveMaximum(price: price("2000000"), maximum: price("1000000")))
}

@Test func executionDoesNotChangeThePortfolio() {
    let portfolio = start
    _ = execution().execute(
        .buy(btcusdt, spending: Money(100)), info: btcInfo(), price: fresh("30000"), now: 0, portfolio: portfolio)
    #expect(portfolio == start)
}

@Test func stalePriceMessageShowsExactSeconds() {
    let rejection = OrderRejection.stalePrice(btcusdt, ageMilliseconds: 60_001, maxAgeMilliseconds: 60_000)
    #expect(rejection.description.hasPrefix("The last BTCUSDT price is 60.001 s old (the limit is 60 s)"))
}

private let unrestrictedBTC = SymbolInfo(
    symbol: btcusdt, baseAsset: asset("BTC"), quoteAsset: .usdt, filters: .unrestricted)

@Test func absurdQuantityIsRefusedInsteadOfOverflowing() {
    // 90 billion BTC at a million is worth far more than any amount Money can hold.
    let rejection = execution().execute(
        .buy(btcusdt, quantity: Quantity(90_000_000_000)), info: unrestrictedBTC, price: fresh("1000000"), now: 0,
        portfolio: start
    ).rejection
    #expect(rejection?.code == "quantity_above_maximum")
}

@Test func absurdQuoteSellIsMoreThanHeld() throws {
    let rejection = execution().execute(
        .sell(btcusdt, worth: Money(90_000_000_000)), info: unrestrictedBTC, price: fresh("0.00000001"), now: 0,
        portfolio: try holding("0.1")
    ).rejection
    #expect(rejection == .insufficientPosition(btcusdt, requested: Quantity(units: .max), held: quantity("0.1")))
}

@Test func pairNotQuotedInCashIsRejected() {
    let ethbtc = SymbolInfo(
        symbol: symbol("ETHBTC"), baseAsset: asset("ETH"), quoteAsset: asset("BTC"), filters: .unrestricted)
    let rejection = execution().execute(
        .buy(ethbtc.symbol, quantity: Quantity(1)), info: ethbtc, price: fresh("0.05"), now: 0, portfolio: start
    ).rejection
    #expect(rejection == .quoteAssetNotCash(ethbtc.symbol, quoteAsset: asset("BTC"), cashAsset: .usdt))
}
