import DraizerCore
import Testing

@testable import DraizerAI

private let engine = RulesEngine()

/// Bar 1450 of the real 15m file closes at 2021-09-17 02:45 UTC in a confirmed uptrend: the rules engine's
/// first buy when walking the file every hour from bar 250.
private let uptrendIndex = 1_450
/// Bar 1482 (2021-09-17 10:45 UTC): the 15m trend has turned down with MACD confirming.
private let downturnIndex = 1_482

private func requireData() throws {
    try #require(SharedData.btc15m.count == 8_801, "the shared 15m BTCUSDT data was not found")
}

private func holding(_ amount: String = "0.02", entry: String = "47789.47") -> PositionSnapshot {
    PositionSnapshot(quantity: quantity(amount), averageEntryPrice: price(entry), unrealizedPnL: .zero)
}

@Test func holdsWhenThereAreTooFewCandles() {
    let decision = engine.decision(for: makeSnapshot(candles15m: syntheticCandles(count: 10, start: 50_000, step: 5)))
    #expect(decision.action == .hold)
    #expect(decision.reasoning == "Not enough 15m data: 10 closed candles, the indicators need 50.")
}

@Test func buysAConfirmedUptrendWithAnATRExitPlan() throws {
    try requireData()
    let snapshot = SharedData.snapshot(at: uptrendIndex)
    let decision = engine.decision(for: snapshot)
    #expect(decision.action == .buy)
    #expect(decision.confidence == 70)
    // 1 % of 10 000 at a 2×ATR stop (0.76 %) would be 1 307; the max order amount caps it.
    #expect(decision.amount == money("1000"))
    // Price 47789.47, ATR14 182.7439: 2×ATR below, 3×ATR above, to the cent.
    #expect(decision.exitPlan.stopLoss == price("47423.98"))
    #expect(decision.exitPlan.takeProfit == price("48337.70"))
    #expect(decision.exitPlan.invalidation == "a 15m close below the EMA50 (47744.77) with a negative MACD histogram")
}

@Test func buyReasoningCitesTheNumbers() throws {
    try requireData()
    let reasoning = engine.decision(for: SharedData.snapshot(at: uptrendIndex)).reasoning
    for fragment in [
        "Price 47789.47", "EMA20 47760.95 > EMA50 47744.77", "RSI14 51.9", "MACD histogram +16.04",
        "Bollinger 47467.08–48032.22", "ATR14 182.74", "4h trend up (EMA20 47203.85 > EMA50 47126.33)",
        "Stop-loss 47423.98 (2×ATR)", "take-profit 48337.70 (3×ATR, 1.15 % away against a 0.20 % round-trip fee)",
        "spending 1000.00 USD risks 1.0 % of equity at the stop",
    ] {
        #expect(reasoning.contains(fragment), "missing \(fragment) in \(reasoning)")
    }
}

@Test func sellsWhenTheTrendTurnsDownWhileHolding() throws {
    try requireData()
    let decision = engine.decision(for: SharedData.snapshot(at: downturnIndex, position: holding()))
    #expect(decision.action == .sell)
    #expect(decision.amount == nil)
    #expect(decision.confidence == 70)
    #expect(decision.reasoning.hasSuffix("The 15m trend turned down with MACD confirming: selling the position."))
    #expect(decision.reasoning.contains("EMA20 47783.63 <= EMA50 47813.33"))
}

@Test func holdsAPositionWithoutAnExitSignal() throws {
    try requireData()
    let decision = engine.decision(for: SharedData.snapshot(at: uptrendIndex, position: holding()))
    #expect(decision.action == .hold)
    #expect(decision.reasoning.hasSuffix("No exit signal: keeping the position and its exit plan."))
}

@Test func holdsFlatInADowntrendAndSaysWhy() throws {
    try requireData()
    let decision = engine.decision(for: SharedData.snapshot(at: downturnIndex))
    #expect(decision.action == .hold)
    #expect(decision.reasoning.hasSuffix("EMA20 is not above EMA50, and the price is not a dip in a 4h uptrend. No entry."))
}

@Test func skipsATradeWhoseTargetDoesNotPayTheFees() throws {
    try requireData()
    // At 0.5 % a round trip costs 1 %: the 1.15 % target is less than three of them.
    let decision = engine.decision(for: SharedData.snapshot(at: uptrendIndex, feeRate: "0.005"))
    #expect(decision.action == .hold)
    #expect(decision.reasoning.contains("less than 3× the round-trip fee of 1.00 %: not worth trading."))
}

@Test func holdsWhenThereIsNoCashToBuyWith() throws {
    try requireData()
    let decision = engine.decision(for: SharedData.snapshot(at: uptrendIndex, cash: "0"))
    #expect(decision.action == .hold)
    #expect(decision.reasoning.hasSuffix("But no cash is available to buy."))
}

@Test func sizesTheBuyToRiskAShareOfEquityAtTheStop() throws {
    try requireData()
    let limits = try RiskLimits(
        maxPositionShare: .one, maxOrderAmount: money("100000"), minConfidence: 60, cooldownMilliseconds: 0,
        maxDailyLossShare: nil)
    let snapshot = SharedData.snapshot(at: uptrendIndex, cash: "2000", equity: "2000", limits: limits)
    let decision = RulesEngine(parameters: .init(riskPerTrade: 0.005)).decision(for: snapshot)
    // Losing 0.5 % of 2 000 (10 USD) at a stop 2×ATR below the price: 10 / (2 × 182.7439 / 47789.47).
    let atr = try #require(snapshot.indicators15m.atr14)
    let expectedCents = Int64(10 / (2 * atr / snapshot.price.price.doubleValue) * 100)
    #expect(decision.amount == Money(units: expectedCents * 1_000_000))
    #expect(decision.amount == money("1307.55"))
}

@Test func neverSuggestsMoreThanTheCash() throws {
    try requireData()
    let decision = engine.decision(for: SharedData.snapshot(at: uptrendIndex, cash: "123.45"))
    #expect(decision.amount == money("123.45"))
}

@Test func decidesTheSameWayEveryTime() async throws {
    try requireData()
    let snapshot = SharedData.snapshot(at: uptrendIndex)
    let first = await engine.decide(snapshot)
    let second = await engine.decide(snapshot)
    #expect(first.decision == second.decision)
    #expect(first.engine == .rules)
    #expect(first.cost == .zero)
    #expect(first.attempts == 1)
    #expect(first.error == nil)
    #expect(first.prompt == nil)
    #expect(first.model == nil)
}

/// Walks three months of real 15m candles hourly, holding after each buy and flat after each sell, and
/// checks every decision the guardrails will see.
@Test func everyDecisionOnRealDataIsWellFormedAndPassesTheExitPlanGuardrail() throws {
    try requireData()
    let policy = RiskPolicy(limits: .standard)
    var position: PositionSnapshot = .flat
    var buys = 0
    var sells = 0
    var dips = 0
    var overbought = 0
    for index in stride(from: 250, to: SharedData.btc15m.count, by: 4) {
        let snapshot = SharedData.snapshot(at: index, position: position)
        let decision = engine.decision(for: snapshot)
        let price = snapshot.price.price
        switch decision.action {
        case .buy:
            buys += 1
            if decision.reasoning.contains("Dip in a 4h uptrend") { dips += 1 }
            #expect(!position.isOpen)
            #expect((60...85).contains(decision.confidence))
            let amount = try #require(decision.amount)
            #expect(amount.isPositive && amount <= snapshot.limits.maxOrderAmount)
            #expect(decision.exitPlan.isConsistent(withLongAt: price))
            let verdict = policy.check(decision, context: RiskContext(
                snapshot: snapshot, now: snapshot.price.observedAt, dayStartEquity: snapshot.equity, lastTradeAt: nil))
            #expect(verdict == .allow(.buy(btcusdt, spending: amount)))
            position = PositionSnapshot(
                quantity: price.quantity(worth: amount, rounding: .down)!, averageEntryPrice: price, unrealizedPnL: .zero)
        case .sell:
            sells += 1
            if decision.reasoning.contains("overbought extreme") { overbought += 1 }
            #expect(position.isOpen)
            #expect(decision.amount == nil)
            position = .flat
        case .hold:
            #expect(decision.amount == nil)
        }
    }
    #expect(buys > 10)
    #expect(sells >= buys - 1)
    #expect(dips > 0)
    #expect(overbought > 0)
}
