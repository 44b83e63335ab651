import DraizerCore
import Testing

@testable import DraizerAI

private let hour: Int64 = 3_600_000
private let policy = RiskPolicy(limits: .standard)

private func buy(_ amount: String?, confidence: Int = 75, stop: String? = "48000", take: String? = "53000") -> Decision {
    try! Decision(
        action: .buy, confidence: confidence, reasoning: "test", amount: amount.map(money),
        exitPlan: ExitPlan(stopLoss: stop.map(price), takeProfit: take.map(price), invalidation: "test"))
}

private func sell(_ amount: String?, confidence: Int = 75) -> Decision {
    try! Decision(action: .sell, confidence: confidence, reasoning: "test", amount: amount.map(money))
}

/// 10 000 USD of equity, all cash unless a position is given, at a price of 50 000, no trade yet today.
private func context(
    cash: String = "10000", equity: String = "10000", dayStartEquity: String = "10000", position: String = "0",
    now: Int64 = snapshotTime, lastTradeAt: Int64? = nil
) -> RiskContext {
    RiskContext(
        symbol: btcusdt, price: price("50000"), now: now, cash: money(cash), equity: money(equity),
        dayStartEquity: money(dayStartEquity), position: quantity(position), lastTradeAt: lastTradeAt)
}

@Test func holdHasNothingToCheck() {
    #expect(policy.check(.hold(reasoning: "wait"), context: context()) == .noTrade)
}

@Test func buyWithinEveryLimitPassesUnchanged() {
    let verdict = policy.check(buy("500"), context: context())
    #expect(verdict == .allow(.buy(btcusdt, spending: money("500"))))
    #expect(verdict.notes.isEmpty)
}

@Test func lowConfidenceIsBlocked() {
    let verdict = policy.check(buy("500", confidence: 59), context: context())
    #expect(verdict == .block(RiskNote(.minConfidence, "confidence 59 is below the minimum of 60")))
    #expect(verdict.order == nil)
}

@Test func lowConfidenceSellIsBlockedToo() {
    let verdict = policy.check(sell(nil, confidence: 10), context: context(position: "0.1"))
    #expect(verdict.notes.map(\.rule) == [.minConfidence])
}

@Test func tradeWithinTheCooldownIsBlocked() {
    let verdict = policy.check(buy("500"), context: context(lastTradeAt: snapshotTime - 10 * 60_000))
    #expect(verdict == .block(RiskNote(
        .cooldown, "the last trade was 600 s ago; the cooldown of 30 min allows the next one in 20 min")))
}

@Test func tradeAfterTheCooldownIsAllowed() {
    let verdict = policy.check(buy("500"), context: context(lastTradeAt: snapshotTime - 30 * 60_000))
    #expect(verdict.order != nil)
}

@Test func dailyLossLimitPausesBuying() {
    // Down 300 of 10 000 = 3 %, the standard limit.
    let paused = context(cash: "9700", equity: "9700")
    let verdict = policy.check(buy("500"), context: paused)
    #expect(verdict.notes.map(\.rule) == [.dailyLossLimit])
    #expect(verdict.order == nil)
    #expect(policy.dailyLossPause(paused)?.message.contains("buying is paused until the next UTC day") == true)
}

@Test func dailyLossBelowTheLimitDoesNotPause() {
    #expect(policy.dailyLossPause(context(cash: "9701", equity: "9701")) == nil)
    #expect(policy.check(buy("500"), context: context(cash: "9701", equity: "9701")).order != nil)
}

@Test func dailyLossLimitStillLetsTheBotSell() {
    let verdict = policy.check(sell(nil), context: context(cash: "4000", equity: "9000", position: "0.1"))
    #expect(verdict == .allow(.sell(btcusdt, quantity: quantity("0.1"))))
}

@Test func buyAboveTheMaxOrderAmountIsReduced() {
    let verdict = policy.check(buy("1500"), context: context(cash: "20000", equity: "20000", dayStartEquity: "20000"))
    #expect(verdict == .adjust(
        .buy(btcusdt, spending: money("1000")),
        notes: [RiskNote(.maxOrderAmount, "reduced from 1500.00 USD to the max order amount of 1000.00 USD")]))
}

@Test func buyIsReducedToKeepThePositionWithinItsShareOfEquity() {
    // 25 % of 10 000 = 2 500; 0.04 BTC at 50 000 (2 000) is held, so 500 is left.
    let verdict = policy.check(buy("800"), context: context(cash: "8000", position: "0.04"))
    #expect(verdict.order == .buy(btcusdt, spending: money("500")))
    #expect(verdict.notes == [RiskNote(
        .maxPositionShare, "reduced from 800.00 USD to 500.00 USD so the position stays within 25.00 % of equity (2500.00 USD)")])
}

@Test func buyIsBlockedWhenThePositionIsAtItsCap() {
    let verdict = policy.check(buy("100"), context: context(cash: "7500", position: "0.05"))
    #expect(verdict.notes.map(\.rule) == [.maxPositionShare])
    #expect(verdict.order == nil)
}

@Test func buyIsReducedToTheCashAvailable() {
    let verdict = policy.check(buy("900"), context: context(cash: "300", equity: "10000"))
    #expect(verdict.order == .buy(btcusdt, spending: money("300")))
    #expect(verdict.notes.map(\.rule) == [.cash])
}

@Test func everyReductionLeavesItsOwnNote() {
    let verdict = policy.check(buy("5000"), context: context(cash: "400"))
    #expect(verdict.order == .buy(btcusdt, spending: money("400")))
    #expect(verdict.notes.map(\.rule) == [.maxOrderAmount, .cash])
}

@Test func buyWithoutCashIsBlocked() {
    let verdict = policy.check(buy("100"), context: context(cash: "0", equity: "2000", dayStartEquity: "2000"))
    #expect(verdict == .block(RiskNote(.cash, "no cash is available")))
}

@Test func buyWithoutAnAmountUsesTheMaxOrderAmount() {
    let verdict = policy.check(buy(nil), context: context())
    #expect(verdict.order == .buy(btcusdt, spending: money("1000")))
    #expect(verdict.notes.map(\.rule) == [.orderAmount])
}

@Test func buyWithoutAStopLossIsBlocked() {
    let verdict = policy.check(buy("500", stop: nil), context: context())
    #expect(verdict == .block(RiskNote(.exitPlan, "a buy must carry a stop-loss")))
}

@Test func buyWithAStopLossAboveThePriceIsBlocked() {
    let verdict = policy.check(buy("500", stop: "50500", take: "53000"), context: context())
    #expect(verdict.notes.map(\.rule) == [.exitPlan])
    #expect(verdict.order == nil)
}

@Test func stopLossCanBeMadeOptional() throws {
    let relaxed = RiskPolicy(limits: try RiskLimits(
        maxPositionShare: .one, maxOrderAmount: money("1000"), minConfidence: 0, cooldownMilliseconds: 0,
        maxDailyLossShare: nil, requireStopLoss: false))
    #expect(relaxed.check(buy("500", stop: nil, take: nil), context: context()) == .allow(.buy(btcusdt, spending: money("500"))))
}

@Test func sellWithNothingHeldIsBlocked() {
    #expect(policy.check(sell(nil), context: context()) == .block(RiskNote(.position, "nothing of BTCUSDT is held to sell")))
}

@Test func sellWithoutAnAmountSellsEverything() {
    #expect(policy.check(sell(nil), context: context(position: "0.03")) == .allow(.sell(btcusdt, quantity: quantity("0.03"))))
}

@Test func sellOfPartOfThePositionSellsThatWorth() {
    #expect(policy.check(sell("500"), context: context(position: "0.03")) == .allow(.sell(btcusdt, worth: money("500"))))
}

@Test func sellOfMoreThanIsHeldSellsEverythingWithANote() {
    let verdict = policy.check(sell("5000"), context: context(position: "0.03"))
    #expect(verdict == .adjust(
        .sell(btcusdt, quantity: quantity("0.03")),
        notes: [RiskNote(.position, "asked to sell 5000.00 USD but the position is worth 1500.00 USD: selling all of it")]))
}

@Test func sellsAreNotCappedByTheMaxOrderAmount() {
    let verdict = policy.check(sell("2400"), context: context(cash: "0", equity: "2500", dayStartEquity: "2500", position: "0.05"))
    #expect(verdict == .allow(.sell(btcusdt, worth: money("2400"))))
}

@Test func recordCarriesTheVerdictForTheUser() {
    let record = DecisionRecord(decision: buy("1500"), engine: .rules, latency: .zero, cost: .zero, attempts: 1)
        .checked(by: policy, context: context())
    #expect(record.riskVerdict?.notes.map(\.rule) == [.maxOrderAmount])
}

// MARK: - Stop-loss and take-profit on every tick

private let plan = try! ExitPlan(stopLoss: price("48000"), takeProfit: price("53000"), invalidation: "test")

private func held(_ amount: String) -> PositionState {
    try! PositionState(
        symbol: btcusdt, quantity: quantity(amount), averageEntryPrice: price("50000"), costBasis: money("1000"),
        realizedPnL: .zero)
}

@Test func priceAtTheStopLossSellsThePosition() throws {
    let trigger = try #require(policy.exitTrigger(for: held("0.02"), plan: plan, price: price("48000")))
    #expect(trigger.reason == .stopLoss)
    #expect(trigger.order == .sell(btcusdt, quantity: quantity("0.02")))
    #expect(trigger.note == RiskNote(.stopLoss, "price 48000 reached the stop-loss at 48000: selling the position"))
}

@Test func priceThroughTheTakeProfitSellsThePosition() throws {
    let trigger = try #require(policy.exitTrigger(for: held("0.02"), plan: plan, price: price("53100.5")))
    #expect(trigger.reason == .takeProfit)
    #expect(trigger.level == price("53000"))
    #expect(trigger.price == price("53100.5"))
}

@Test func priceBetweenTheLevelsTriggersNothing() {
    #expect(policy.exitTrigger(for: held("0.02"), plan: plan, price: price("50000")) == nil)
    #expect(policy.exitTrigger(for: held("0.02"), plan: plan, price: price("48000.01")) == nil)
}

@Test func flatPositionTriggersNothing() {
    #expect(policy.exitTrigger(for: PositionState(symbol: btcusdt), plan: plan, price: price("1")) == nil)
}

@Test func planWithoutLevelsTriggersNothing() {
    #expect(policy.exitTrigger(for: held("0.02"), plan: .none, price: price("1")) == nil)
}
